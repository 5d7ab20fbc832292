package org.example.breachnotice.delivery;

import java.util.Collection;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import org.example.breachnotice.campaign.RunParameters;

/**
 * Runs the send step's partitions where the run's parameters say: on threads of this process (one
 * per partition: the partitioner makes as many as the campaign has connections), or through the
 * broker on {@code worker} processes. One step, one name, either way: a run restarted the other
 * way resumes the same step.
 */
class SendPartitionHandler implements PartitionHandler {

	private final TaskExecutorPartitionHandler local = new TaskExecutorPartitionHandler();

	private final PartitionHandler remote;

	private final WorkerWatch watch;

	private final WaveAdmissions admissions;

	SendPartitionHandler(Step partition, PartitionHandler remote, WorkerWatch watch, WaveAdmissions admissions)
			throws Exception {
		this.watch = watch;
		this.admissions = admissions;
		local.setStep(partition);
		local.setTaskExecutor(new SimpleAsyncTaskExecutor("send-"));
		local.afterPropertiesSet();
		this.remote = remote;
	}

	@Override
	public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution sendStep) throws Exception {
		RunParameters run = new RunParameters(sendStep.getJobParameters());
		if (!run.remoteWorkers()) {
			return local.handle(splitter, sendStep);
		}
		if (run.waveCap() > 0) {
			admissions.open(sendStep.getJobExecutionId());
		}
		try (AutoCloseable watching = watch.watch(sendStep)) {
			return remote.handle(splitter, sendStep);
		}
	}

}
