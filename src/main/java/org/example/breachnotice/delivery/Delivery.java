package org.example.breachnotice.delivery;

import jakarta.mail.internet.MimeMessage;

/** A way out for messages: an SMTP relay, or a pickup folder of .eml files. */
interface Delivery extends AutoCloseable {

	/**
	 * Delivers one message, retrying what is worth retrying.
	 * @throws SystemicDeliveryFailure when no further message can be delivered either
	 */
	DeliveryResult send(MimeMessage message);

	@Override
	void close();

}
