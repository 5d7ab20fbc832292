package org.example.breachnotice.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.example.breachnotice.campaign.RunParameters;

/**
 * The gate of one execution's send: a stop requested, then the wave's cap, then its send window.
 * Reaching the cap or the window's end requests the stop, so that the execution ends STOPPED and
 * the next wave resumes it. Where the cap is counted and where a stop is asked for differ: in this
 * process for local partitions, in the shared database for remote workers ({@link WaveAdmissions}).
 */
public final class WaveGate implements SendGate {

	/** Where a stop of the execution is asked for and seen. */
	public interface Stops {

		boolean requested();

		void request(String reason);

	}

	/** Counts one more notice against the wave's cap: false once the cap is reached. */
	public interface Cap {

		boolean take();

	}

	private final long cap;

	private final Cap admissions;

	private final Instant windowEnd;

	private final Stops stops;

	private final Clock clock;

	/** This gate asked the stop because the cap was reached, before any other stop. */
	private volatile boolean capReached;

	public WaveGate(RunParameters run, Cap admissions, Stops stops, Clock clock) {
		this.cap = run.waveCap();
		this.windowEnd = run.waveWindowEnd().orElse(null);
		this.admissions = admissions;
		this.stops = stops;
		this.clock = clock;
	}

	/** A cap counted in this process only. */
	public static Cap countedHere(long cap) {
		AtomicLong admitted = new AtomicLong();
		return () -> admitted.incrementAndGet() <= cap;
	}

	@Override
	public boolean admit() {
		if (stops.requested()) {
			return false;
		}
		if (cap > 0 && !admissions.take()) {
			if (!stops.requested()) {
				capReached = true;
			}
			stops.request("wave cap of " + cap + " reached");
			return false;
		}
		if (windowEnd != null && !clock.instant().isBefore(windowEnd)) {
			stops.request("send window closed");
			return false;
		}
		return true;
	}

	@Override
	public boolean stopping() {
		return stops.requested();
	}

	@Override
	public boolean abandonAdmitted() {
		return stops.requested() && !capReached;
	}

}
