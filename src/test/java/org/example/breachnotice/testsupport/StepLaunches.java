package org.example.breachnotice.testsupport;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.test.JobOperatorTestUtils;

/** Single steps of the notification job launched by name with Spring Batch Test. */
public final class StepLaunches {

	private StepLaunches() {
	}

	/**
	 * The step alone, under the run's parameters. Spring Batch Test runs each in a job instance
	 * named after the test job: the step's name among the parameters keeps them apart.
	 */
	public static JobExecution start(JobOperatorTestUtils jobs, String step, JobParameters run) {
		return jobs.startStep(step, new JobParametersBuilder(run).addString("testStep", step).toJobParameters(), null);
	}

}
