package org.example.breachnotice.support;

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
 * Progress of a long chunk step: on a terminal, a bar redrawn in place (items, rate, share done
 * and time left when the total is known); without one, a log line every few seconds. Either way
 * a final line when the step ends.
 */
public class ProgressLog implements StepExecutionListener, ItemWriteListener<Object> {

	private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

	private static final long INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

	private static final long BAR_INTERVAL_NANOS = Duration.ofMillis(250).toNanos();

	private final boolean terminal = System.console() != null;

	private boolean barShown;

	private final String what;

	private final LongSupplier total;

	private long expected;

	private long done;

	private long started;

	private long lastLine;

	/** This process's CPU time when the step started: the final line says what the step cost. */
	private long cpuStarted;

	/** @param total counted when the step starts; null when unknown (e.g. rows of a file) */
	public ProgressLog(String what, LongSupplier total) {
		this.what = what;
		this.total = total;
	}

	@Override
	public synchronized void beforeStep(StepExecution stepExecution) {
		expected = total == null ? -1 : total.getAsLong();
		done = 0;
		started = System.nanoTime();
		lastLine = started;
		cpuStarted = processCpuNanos();
	}

	/** CPU time of the whole process, all threads (the embedded database's too), or -1 where the JVM cannot tell. */
	private static long processCpuNanos() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
				? os.getProcessCpuTime() : -1;
	}

	@Override
	public void afterWrite(Chunk<?> items) {
		advance(items.size());
	}

	/** For work that is not a chunk step's writer, e.g. send partitions on several threads. */
	public synchronized void advance(int items) {
		done += items;
		long now = System.nanoTime();
		if (terminal && now - lastLine >= BAR_INTERVAL_NANOS) {
			lastLine = now;
			drawBar(now);
		}
		else if (!terminal && now - lastLine >= INTERVAL_NANOS) {
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

	private void drawBar(long now) {
		double rate = done / Math.max((now - started) / 1e9, 0.001);
		StringBuilder bar = new StringBuilder("\r").append(what).append(' ');
		if (expected > 0) {
			int filled = (int) Math.min(30, done * 30 / expected);
			bar.append('[').append("#".repeat(filled)).append(".".repeat(30 - filled)).append("] ").append(done).append('/')
				.append(expected).append(String.format(" %3d%% %5.0f/s ETA %ds", done * 100 / expected, rate,
						(long) ((expected - done) / Math.max(rate, 0.001))));
		}
		else {
			bar.append(done).append(String.format(" %5.0f/s", rate));
		}
		System.err.print(bar.append("   "));
		System.err.flush();
		barShown = true;
	}

	@Override
	public synchronized ExitStatus afterStep(StepExecution stepExecution) {
		if (barShown) {
			drawBar(System.nanoTime());
			System.err.println();
			barShown = false;
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		long cpu = processCpuNanos() - cpuStarted;
		String cost = cpuStarted < 0 || done == 0 ? ""
				: String.format(", process CPU %.1f s (%d us per item)", cpu / 1e9, cpu / 1000 / done);
		log.info("{}: {} in {} s ({}){}", what, done, String.format("%.1f", seconds), stepExecution.getStatus(), cost);
		return null;
	}

}
