package org.example.breachnotice;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * A progress line for a long chunk step at most every few seconds (items, rate, and the share
 * done and time left when the total is known), and one when the step ends.
 */
public class ProgressLog implements StepExecutionListener, ItemWriteListener<Object> {

	private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

	private static final long INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

	private final String what;

	private final LongSupplier total;

	private long expected;

	private long done;

	private long started;

	private long lastLine;

	/** @param total counted when the step starts; null when unknown (e.g. rows of a file) */
	public ProgressLog(String what, LongSupplier total) {
		this.what = what;
		this.total = total;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		expected = total == null ? -1 : total.getAsLong();
		done = 0;
		started = System.nanoTime();
		lastLine = started;
	}

	@Override
	public void afterWrite(Chunk<?> items) {
		done += items.size();
		long now = System.nanoTime();
		if (now - lastLine >= INTERVAL_NANOS) {
			lastLine = now;
			double rate = done / ((now - started) / 1e9);
			if (expected > 0) {
				long left = (long) ((expected - done) / Math.max(rate, 0.001));
				log.info("{}: {} of {} ({}%), {}/s, about {} s left", what, done, expected, done * 100 / expected,
						Math.round(rate), left);
			}
			else {
				log.info("{}: {} so far, {}/s", what, done, Math.round(rate));
			}
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		double seconds = (System.nanoTime() - started) / 1e9;
		log.info("{}: {} in {} s ({})", what, done, String.format("%.1f", seconds), stepExecution.getStatus());
		return null;
	}

}
