package org.example.breachnotice.delivery;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import org.example.breachnotice.ProgressLog;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.Outbox;

/**
 * The work of one send partition: take the ids of its pending notices, then send them page by
 * page as batches over the partition's own delivery (one SMTP connection) and attempt journal. One
 * instance serves every partition; each partition's state lives under its step execution id. The
 * status column is the truth, so a restarted partition simply pages through what is still PENDING.
 */
class SendPartitionTasklet implements Tasklet, StepExecutionListener {

	/** {@code next[0]}: index of the next id to send. */
	private record State(long[] ids, Delivery delivery, AttemptJournal journal, BatchSender sender, int[] next) {
	}

	private final String incidentId;

	private final Outbox outbox;

	private final int pageSize;

	private final Supplier<Delivery> deliveries;

	private final Path journals;

	private final BiFunction<Delivery, AttemptJournal, BatchSender> senders;

	private final SendGate gate;

	private final ProgressLog progress;

	private final Map<Long, State> states = new ConcurrentHashMap<>();

	/** @param journals the folder of the partitions' attempt journals */
	SendPartitionTasklet(String incidentId, Outbox outbox, int pageSize, Supplier<Delivery> deliveries, Path journals,
			BiFunction<Delivery, AttemptJournal, BatchSender> senders, SendGate gate, ProgressLog progress) {
		this.incidentId = incidentId;
		this.journals = journals;
		this.outbox = outbox;
		this.pageSize = pageSize;
		this.deliveries = deliveries;
		this.senders = senders;
		this.gate = gate;
		this.progress = progress;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		Delivery delivery = deliveries.get();
		AttemptJournal journal = AttemptJournal.create(journals);
		long[] ids = outbox.pendingIds(incidentId, stepExecution.getExecutionContext().getInt("fromKey"),
				stepExecution.getExecutionContext().getInt("toKey"));
		states.put(stepExecution.getId(), new State(ids, delivery, journal, senders.apply(delivery, journal), new int[] { 0 }));
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution stepExecution = chunkContext.getStepContext().getStepExecution();
		State state = states.get(stepExecution.getId());
		if (gate.stopping()) {
			stepExecution.setTerminateOnly();
			return RepeatStatus.FINISHED;
		}
		int from = state.next()[0];
		if (from >= state.ids().length) {
			return RepeatStatus.FINISHED;
		}
		int to = Math.min(from + pageSize, state.ids().length);
		state.next()[0] = to;
		List<Notice> page = outbox.pendingByIds(state.ids(), from, to);
		page.forEach(notice -> contribution.incrementReadCount());
		int done = state.sender().send(page);
		contribution.incrementWriteCount(done);
		progress.advance(done);
		if (gate.stopping()) {
			stepExecution.setTerminateOnly();
			return RepeatStatus.FINISHED;
		}
		return RepeatStatus.CONTINUABLE;
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		State state = states.remove(stepExecution.getId());
		if (state != null) {
			state.delivery().close();
			state.journal().close(state.sender().settled());
		}
		return null;
	}

}
