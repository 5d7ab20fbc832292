package org.example.breachnotice.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.RunParameters;

/**
 * The {@code wave_admission} table: how many notices the partitions of a remote run admitted
 * against its wave's cap, counted in the shared database so that all workers together send at
 * most the cap. One row per job execution, made by the manager before it hands out partitions;
 * each admission is one conditional UPDATE (a wave cap is a support desk's capacity, hundreds or
 * thousands of notices, so the round trip per notice is cheap beside the SMTP exchange).
 */
@Component
class WaveAdmissions {

	private static final Logger log = LoggerFactory.getLogger(WaveAdmissions.class);

	/** How often a worker reads whether the operator stopped the run (besides each chunk's commit). */
	private static final Duration STOP_CHECK = Duration.ofSeconds(1);

	private final JdbcTemplate jdbc;

	private final JobRepository jobRepository;

	private final Clock clock;

	WaveAdmissions(JdbcTemplate jdbc, JobRepository jobRepository, Clock clock) {
		this.jdbc = jdbc;
		this.jobRepository = jobRepository;
		this.clock = clock;
	}

	/** The manager's part: an execution with a capped wave starts with nothing admitted. */
	void open(long jobExecutionId) {
		jdbc.update("INSERT INTO wave_admission (job_execution_id, admitted) VALUES (?, 0)", jobExecutionId);
	}

	/**
	 * The gate of a remote run's partitions in this worker: the cap counted in the database, the
	 * window on this machine's clock, and a stop seen in the job repository (the operator's
	 * {@code stop} on the manager) or reached here. Per execution: a wave that ends here does not
	 * close the gate of the next one.
	 */
	SendGate gate(RunParameters run, long jobExecutionId) {
		WaveGate.Cap cap = () -> jdbc.update(
				"UPDATE wave_admission SET admitted = admitted + 1 WHERE job_execution_id = ? AND admitted < ?", jobExecutionId,
				run.waveCap()) == 1;
		return new WaveGate(run, cap, new ExecutionStops(jobExecutionId), clock);
	}

	/** A stop of one job execution, asked for by this worker or by the manager (through the job repository). */
	private final class ExecutionStops implements WaveGate.Stops {

		private final long jobExecutionId;

		private volatile String reason;

		private volatile Instant checkedAt = Instant.MIN;

		ExecutionStops(long jobExecutionId) {
			this.jobExecutionId = jobExecutionId;
		}

		@Override
		public boolean requested() {
			if (reason == null && !clock.instant().isBefore(checkedAt.plus(STOP_CHECK))) {
				checkedAt = clock.instant();
				JobExecution execution = jobRepository.getJobExecution(jobExecutionId);
				if (execution != null && (execution.isStopping() || execution.getStatus().isUnsuccessful())) {
					request("the run was stopped");
				}
			}
			return reason != null;
		}

		@Override
		public void request(String why) {
			if (reason == null) {
				reason = why;
				log.info("Job execution {}: {}; this worker's partitions finish the message in flight, then stop", jobExecutionId,
						why);
			}
		}

	}

}
