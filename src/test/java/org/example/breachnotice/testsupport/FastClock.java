package org.example.breachnotice.testsupport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that runs {@code speed} times faster than the real one: minutes of retry schedule pass in a test's seconds. */
public final class FastClock extends Clock {

	private final Instant start = Instant.now();

	private final long startNanos = System.nanoTime();

	private final long speed;

	public FastClock(long speed) {
		this.speed = speed;
	}

	@Override
	public Instant instant() {
		return start.plusNanos((System.nanoTime() - startNanos) * speed);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

}
