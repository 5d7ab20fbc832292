package org.example.breachnotice.notification;

import java.util.Optional;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import org.example.breachnotice.outbox.Outbox.InFlight;

/**
 * What the in-flight recovery step found, kept in its step execution context: the step writes it,
 * the run's summary reads it back, through these keys alone.
 */
final class RecoveryContext {

	private static final String IN_FLIGHT = "inFlight", MARKED_UNKNOWN = "markedUnknown", RELEASED = "released",
			REQUEUED = "requeued";

	private RecoveryContext() {
	}

	static void put(ExecutionContext context, InFlight inFlight) {
		context.putInt(IN_FLIGHT, inFlight.inFlight());
		context.putInt(MARKED_UNKNOWN, inFlight.markedUnknown());
		context.putInt(RELEASED, inFlight.released());
		context.putInt(REQUEUED, inFlight.requeued());
	}

	/** Empty for any other step. */
	static Optional<InFlight> of(ExecutionContext context) {
		return context.containsKey(IN_FLIGHT) ? Optional.of(new InFlight(context.getInt(IN_FLIGHT), context.getInt(MARKED_UNKNOWN),
				context.getInt(RELEASED), context.getInt(REQUEUED))) : Optional.empty();
	}

}
