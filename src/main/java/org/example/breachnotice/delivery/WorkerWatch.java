package org.example.breachnotice.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import org.example.breachnotice.support.DaemonTimers;


/**
 * Watches a remote send step from the manager, every second: a partition whose worker stopped
 * beating for longer than {@code breach-notice.worker.dead-after} (default 15 s) is marked FAILED,
 * and so is every partition when no live worker has taken it by then. The manager's poll then
 * ends, the run ends FAILED, and the same command resumes it on the workers left; the in-flight
 * recovery settles what the dead worker had claimed (without its journal: UNKNOWN, never resent
 * unannounced).
 */
@Component
class WorkerWatch {

	private static final Logger log = LoggerFactory.getLogger(WorkerWatch.class);

	private final JobRepository jobRepository;

	private final WorkerHeartbeats heartbeats;

	private final Clock clock;

	WorkerWatch(JobRepository jobRepository, WorkerHeartbeats heartbeats, Clock clock) {
		this.jobRepository = jobRepository;
		this.heartbeats = heartbeats;
		this.clock = clock;
	}

	/** Watches until closed. */
	AutoCloseable watch(StepExecution sendStep) {
		Instant started = clock.instant();
		ScheduledExecutorService timer = DaemonTimers.named("worker-watch");
		timer.scheduleWithFixedDelay(() -> check(sendStep.getJobExecutionId(), started), 1, 1, TimeUnit.SECONDS);
		return timer::shutdownNow;
	}

	private void check(long jobExecutionId, Instant started) {
		try {
			List<StepExecution> running = jobRepository.getJobExecution(jobExecutionId).getStepExecutions().stream()
				.filter(step -> step.getStepName().startsWith(SendSteps.PARTITION_STEP + ":") && step.getStatus().isRunning())
				.toList();
			Map<Long, String> claims = heartbeats.claims(running.stream().map(StepExecution::getId).toList());
			boolean anyAlive = heartbeats.anyAlive();
			for (StepExecution partition : running) {
				String worker = claims.get(partition.getId());
				if (worker != null) {
					Optional<Instant> beat = heartbeats.lastBeat(worker);
					if (beat.isPresent() && heartbeats.dead(beat.get())) {
						fail(partition, "its worker " + worker + " stopped (last heartbeat " + beat.get() + ")");
					}
				}
				else if (!anyAlive && heartbeats.dead(started)) {
					fail(partition, "no live worker took it within " + heartbeats.deadAfter().toSeconds() + " s");
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Worker watch: {}", ex.toString());
		}
	}

	private void fail(StepExecution partition, String reason) {
		partition.setStatus(BatchStatus.FAILED);
		partition.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
		partition.setEndTime(LocalDateTime.now());
		jobRepository.update(partition);
		log.warn("{} FAILED: {}. The run ends FAILED once the other partitions end; run the same command again to resume it"
				+ " on the workers left.", partition.getStepName(), reason);
	}

}
