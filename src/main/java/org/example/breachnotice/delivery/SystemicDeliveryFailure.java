package org.example.breachnotice.delivery;

/**
 * A failure that will hit every notice (authentication refused, server unreachable, sender
 * refused): the step fails so it can be restarted once the cause is fixed.
 * {@code maybeDelivered} tells whether the message in hand could have reached the server.
 */
class SystemicDeliveryFailure extends RuntimeException {

	final boolean maybeDelivered;

	SystemicDeliveryFailure(String message, boolean maybeDelivered, Throwable cause) {
		super(message, cause);
		this.maybeDelivered = maybeDelivered;
	}

}
