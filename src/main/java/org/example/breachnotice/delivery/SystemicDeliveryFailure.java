package org.example.breachnotice.delivery;

/**
 * A failure that will hit every notice (authentication refused, server unreachable, sender
 * refused): the step fails so it can be restarted once the cause is fixed.
 * {@code doubtfulAttempts}: attempts at the message in hand whose data ended without a reply, so
 * that the relay may have it.
 */
class SystemicDeliveryFailure extends RuntimeException {

	final int doubtfulAttempts;

	SystemicDeliveryFailure(String message, int doubtfulAttempts, Throwable cause) {
		super(message, cause);
		this.doubtfulAttempts = doubtfulAttempts;
	}

	boolean maybeDelivered() {
		return doubtfulAttempts > 0;
	}

}
