package org.example.breachnotice.delivery;

import jakarta.mail.internet.MimeMessage;

import org.example.breachnotice.render.RenderedNotice;

/** A way out for messages: an SMTP relay, a pickup folder of .eml files, or a dry run. */
interface Delivery extends AutoCloseable {

	/**
	 * Delivers one message, retrying what is worth retrying.
	 * @param beforeEndOfData run just before the message can no longer be taken back (the final "."
	 *            of DATA, the rename of a pickup file), once per attempt
	 * @param next the envelope of the message the caller means to send next, or null: an SMTP
	 *            transport may open that transaction together with this message's end of data
	 * @throws SystemicDeliveryFailure when no further message can be delivered either
	 */
	DeliveryResult send(MimeMessage message, RenderedNotice rendered, Runnable beforeEndOfData, Envelope next);

	@Override
	void close();

}
