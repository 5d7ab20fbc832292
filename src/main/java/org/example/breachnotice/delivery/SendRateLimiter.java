package org.example.breachnotice.delivery;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paces messages to a global rate (per second and per hour) and slows down by itself when the
 * relay throttles (421, 4.7.x, "rate exceeded"): the rate halves at each throttling reply and
 * recovers by 10% every 20 accepted messages, up to the configured limit (or back to unlimited).
 * Time comes from a {@link Ticker}, so tests drive it without sleeping.
 */
public class SendRateLimiter {

	/** Monotonic nanoseconds and a way to wait: the system's, or a test's. */
	public interface Ticker {

		long nanos();

		void sleep(long nanos) throws InterruptedException;

		Ticker SYSTEM = new Ticker() {
			@Override
			public long nanos() {
				return System.nanoTime();
			}

			@Override
			public void sleep(long nanos) throws InterruptedException {
				Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
			}
		};

	}

	private static final long SECOND = 1_000_000_000L;

	private static final long HOUR = 3600 * SECOND;

	private static final double MIN_RATE = 0.1;

	private static final int RECOVERY_STEP = 20;

	private final double maxPerSecond;

	private final int maxPerHour;

	private final Ticker ticker;

	private final Deque<Long> lastHour = new ArrayDeque<>();

	/** The adaptive rate; 0 = unlimited. */
	private double perSecond;

	private long nextFree;

	private int acceptedSinceSlowdown;

	/** @param maxPerSecond 0 for no limit; @param maxPerHour 0 for no limit */
	public SendRateLimiter(double maxPerSecond, int maxPerHour, Ticker ticker) {
		this.maxPerSecond = maxPerSecond;
		this.maxPerHour = maxPerHour;
		this.ticker = ticker;
		this.perSecond = maxPerSecond;
		this.nextFree = ticker.nanos();
	}

	/** Waits until one more message may go. */
	public synchronized void acquire() throws InterruptedException {
		long now = ticker.nanos();
		if (perSecond > 0) {
			if (now < nextFree) {
				ticker.sleep(nextFree - now);
				now = nextFree;
			}
			nextFree = Math.max(now, nextFree) + (long) (SECOND / perSecond);
		}
		if (maxPerHour > 0) {
			while (!lastHour.isEmpty() && lastHour.peekFirst() <= now - HOUR) {
				lastHour.pollFirst();
			}
			if (lastHour.size() >= maxPerHour) {
				long wait = lastHour.peekFirst() + HOUR - now;
				ticker.sleep(wait);
				now += wait;
				lastHour.pollFirst();
			}
			lastHour.addLast(now);
		}
		else {
			// Kept short: only to estimate the current rate if the relay throttles an unlimited run.
			lastHour.addLast(now);
			while (lastHour.size() > 1000) {
				lastHour.pollFirst();
			}
		}
	}

	/** The relay said "slow down". */
	public synchronized void throttled() {
		double current = perSecond > 0 ? perSecond : observedRate();
		perSecond = Math.max(MIN_RATE, current / 2);
		acceptedSinceSlowdown = 0;
	}

	/** A message was accepted: recover gradually after a slowdown. */
	public synchronized void accepted() {
		if (perSecond <= 0 || (maxPerSecond > 0 && perSecond >= maxPerSecond)) {
			return;
		}
		if (++acceptedSinceSlowdown >= RECOVERY_STEP) {
			acceptedSinceSlowdown = 0;
			perSecond *= 1.1;
			if (maxPerSecond > 0 && perSecond >= maxPerSecond) {
				perSecond = maxPerSecond;
			}
			else if (maxPerSecond <= 0 && perSecond >= 1000) {
				perSecond = 0; // back to unlimited
			}
		}
	}

	/** The rate in force, messages per second (0 = unlimited). */
	public synchronized double currentRate() {
		return perSecond;
	}

	private double observedRate() {
		if (lastHour.size() < 2) {
			return 1;
		}
		double seconds = (lastHour.peekLast() - lastHour.peekFirst()) / (double) SECOND;
		return seconds <= 0 ? 1 : (lastHour.size() - 1) / seconds;
	}

	/** Replies that mean "you are sending too fast". */
	static boolean isThrottling(int code, String text) {
		String reply = text == null ? "" : text.toLowerCase();
		return code == 421 || reply.matches(".*\\b4\\.7\\.\\d+.*") || reply.matches(".*\\brate\\b.*")
				|| reply.contains("too many") || reply.contains("throttl");
	}

}
