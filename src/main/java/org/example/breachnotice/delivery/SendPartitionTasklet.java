package org.example.breachnotice.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

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
import org.example.breachnotice.support.ProgressLog;

/**
 * The work of one send partition: take the ids of its pending notices, then send them page by
 * page as batches over the partition's own delivery (one SMTP connection) and attempt journal.
 * Then the partition's deferred notices, as they fall due: when none is due, it waits with its
 * connection closed if the next is due within {@code waitInRun}, else it ends STOPPED so that the
 * same command resumes it later. One instance serves every partition; each partition's state lives
 * under its step execution id. The status column is the truth, so a restarted partition simply
 * pages through what is still to send.
 */
class SendPartitionTasklet implements Tasklet, StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(SendPartitionTasklet.class);

	/** How often a wait for a deferred notice looks at the clock and the stop gate. */
	private static final Duration POLL = Duration.ofMillis(100);

	/** The ids in hand (the pending ones, then each round of due deferred ones) and the index of the next. */
	private static final class State {

		final Delivery delivery;

		final AttemptJournal journal;

		final BatchSender sender;

		long[] ids;

		int next;

		State(long[] ids, Delivery delivery, AttemptJournal journal, BatchSender sender) {
			this.ids = ids;
			this.delivery = delivery;
			this.journal = journal;
			this.sender = sender;
		}

	}

	private final String incidentId;

	private final Outbox outbox;

	private final int pageSize;

	private final Supplier<Delivery> deliveries;

	private final Path journals;

	private final BiFunction<Delivery, AttemptJournal, BatchSender> senders;

	private final SendGate gate;

	private final ProgressLog progress;

	private final Duration waitInRun;

	private final Clock clock;

	private final Map<Long, State> states = new ConcurrentHashMap<>();

	/** @param journals the folder of the partitions' attempt journals */
	SendPartitionTasklet(String incidentId, Outbox outbox, int pageSize, Supplier<Delivery> deliveries, Path journals,
			BiFunction<Delivery, AttemptJournal, BatchSender> senders, SendGate gate, ProgressLog progress, Duration waitInRun,
			Clock clock) {
		this.incidentId = incidentId;
		this.journals = journals;
		this.outbox = outbox;
		this.pageSize = pageSize;
		this.deliveries = deliveries;
		this.senders = senders;
		this.gate = gate;
		this.progress = progress;
		this.waitInRun = waitInRun;
		this.clock = clock;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		Delivery delivery = deliveries.get();
		AttemptJournal journal = AttemptJournal.create(journals);
		long[] ids = outbox.pendingIds(incidentId, fromKey(stepExecution), toKey(stepExecution));
		states.put(stepExecution.getId(), new State(ids, delivery, journal, senders.apply(delivery, journal)));
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
		StepExecution stepExecution = chunkContext.getStepContext().getStepExecution();
		State state = states.get(stepExecution.getId());
		if (gate.stopping()) {
			stepExecution.setTerminateOnly();
			return RepeatStatus.FINISHED;
		}
		if (state.next >= state.ids.length) {
			return deferredRound(stepExecution, state);
		}
		int from = state.next;
		int to = Math.min(from + pageSize, state.ids.length);
		state.next = to;
		List<Notice> page = outbox.pendingByIds(state.ids, from, to);
		page.forEach(notice -> contribution.incrementReadCount());
		int done = state.sender.send(page);
		contribution.incrementWriteCount(done);
		progress.advance(done);
		if (gate.stopping()) {
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
	private RepeatStatus deferredRound(StepExecution stepExecution, State state) throws InterruptedException {
		long[] due = outbox.dueDeferredIds(incidentId, fromKey(stepExecution), toKey(stepExecution));
		if (due.length > 0) {
			state.ids = due;
			state.next = 0;
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
		state.delivery.close();
		log.info("{}: waiting until {} for the next deferred notice, SMTP connection closed", stepExecution.getStepName(),
				next.get());
		while (clock.instant().isBefore(next.get()) && !gate.stopping()) {
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
		State state = states.remove(stepExecution.getId());
		if (state != null) {
			state.delivery.close();
			state.journal.close(state.sender.settled());
		}
		return null;
	}

}
