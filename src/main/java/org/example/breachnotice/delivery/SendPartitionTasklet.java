package org.example.breachnotice.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.Outbox;

/**
 * The work of one send partition: take the ids of its pending notices, then send them page by
 * page as batches over the partition's own delivery (one SMTP connection) and attempt journal.
 * Then the partition's deferred notices, as they fall due: when none is due, it waits with its
 * connection closed if the next is due within {@code waitInRun}, else it ends STOPPED so that the
 * same command resumes it later. One instance per partition step execution (step-scoped). The
 * status column is the truth, so a restarted partition simply pages through what is still to send.
 */
class SendPartitionTasklet implements Tasklet, StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(SendPartitionTasklet.class);

	/** How often a wait for a deferred notice looks at the clock and the stop gate. */
	private static final Duration POLL = Duration.ofMillis(100);

	private final String incidentId;

	private final Outbox outbox;

	private final int pageSize;

	private final SendRuns runs;

	private final SendRuns.SendRun run;

	private final Path journals;

	private final Duration waitInRun;

	private final Clock clock;

	private Delivery delivery;

	private AttemptJournal journal;

	private BatchSender sender;

	/** The ids in hand (the pending ones, then each round of due deferred ones) and the index of the next. */
	private long[] ids;

	private int position;

	/** @param journals the folder of the partitions' attempt journals */
	SendPartitionTasklet(String incidentId, Outbox outbox, int pageSize, SendRuns runs, SendRuns.SendRun run,
			Path journals, Duration waitInRun, Clock clock) {
		this.runs = runs;
		this.incidentId = incidentId;
		this.journals = journals;
		this.outbox = outbox;
		this.pageSize = pageSize;
		this.run = run;
		this.waitInRun = waitInRun;
		this.clock = clock;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		delivery = run.deliveries().get();
		journal = AttemptJournal.create(journals);
		ids = outbox.pendingIds(incidentId, fromKey(stepExecution), toKey(stepExecution));
		sender = run.senders().apply(delivery, journal);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
		StepExecution stepExecution = chunkContext.getStepContext().getStepExecution();
		if (run.gate().stopping()) {
			stepExecution.setTerminateOnly();
			return RepeatStatus.FINISHED;
		}
		if (position >= ids.length) {
			return deferredRound(stepExecution);
		}
		int from = position;
		int to = Math.min(from + pageSize, ids.length);
		position = to;
		List<Notice> page = outbox.pendingByIds(ids, from, to);
		page.forEach(notice -> contribution.incrementReadCount());
		int done = sender.send(page);
		contribution.incrementWriteCount(done);
		run.progress().advance(done);
		if (run.gate().stopping()) {
			stepExecution.setTerminateOnly();
			return RepeatStatus.FINISHED;
		}
		return RepeatStatus.CONTINUABLE;
	}

	/**
	 * Everything in hand was sent: take the deferred notices that are due, or wait for the next one
	 * (connection closed), or end: FINISHED when nothing is deferred, STOPPED when the next attempt
	 * is too far away to wait for.
	 */
	private RepeatStatus deferredRound(StepExecution stepExecution) throws InterruptedException {
		long[] due = outbox.dueDeferredIds(incidentId, fromKey(stepExecution), toKey(stepExecution));
		if (due.length > 0) {
			ids = due;
			position = 0;
			return RepeatStatus.CONTINUABLE;
		}
		Optional<Instant> next = outbox.nextDeferredAttempt(incidentId, fromKey(stepExecution), toKey(stepExecution));
		if (next.isEmpty()) {
			return RepeatStatus.FINISHED;
		}
		if (next.get().isAfter(clock.instant().plus(waitInRun))) {
			log.info("{}: the next deferred notice is due at {}, later than delivery.wait_for_retries ({}): the run ends here",
					stepExecution.getStepName(), next.get(), waitInRun);
			stepExecution.setTerminateOnly();
			return RepeatStatus.FINISHED;
		}
		delivery.close();
		log.info("{}: waiting until {} for the next deferred notice, SMTP connection closed", stepExecution.getStepName(),
				next.get());
		while (clock.instant().isBefore(next.get()) && !run.gate().stopping()) {
			Thread.sleep(POLL.toMillis());
		}
		return RepeatStatus.CONTINUABLE;
	}

	private static int fromKey(StepExecution stepExecution) {
		return stepExecution.getExecutionContext().getInt(SendPartitions.FROM_KEY);
	}

	private static int toKey(StepExecution stepExecution) {
		return stepExecution.getExecutionContext().getInt(SendPartitions.TO_KEY);
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (delivery != null) {
			delivery.close();
			journal.close(sender.settled());
		}
		runs.partitionEnded(stepExecution);
		return null;
	}

}
