package org.example.breachnotice.delivery;

import java.util.Set;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.render.RenderedNotice;

/**
 * Sends over one reused SMTP connection. 4xx replies and I/O errors are retried with exponential
 * backoff on a fresh connection; a 5xx reply for the recipient or the message is a permanent
 * failure of that notice only; authentication refused, the sender refused or the server
 * unreachable after every attempt are systemic and fail the step.
 * <p>
 * The one window SMTP cannot close: if the connection breaks after the end of the data went out
 * but before the relay's reply reached us, the relay may have accepted the message and a retry may
 * deliver a second copy. No SMTP client can tell that case from a failure before acceptance; such
 * an attempt is counted as doubtful, and the notice's ledger entry flags the possible duplicate.
 */
class SmtpDelivery implements Delivery {

	private static final Logger log = LoggerFactory.getLogger(SmtpDelivery.class);

	/** Replies that mean the relay refuses us, not this recipient. */
	private static final Set<Integer> SYSTEMIC_CODES = Set.of(530, 534, 535, 538);

	private final Session session;

	private final String host;

	private final int port;

	private final String username;

	private final String password;

	private final int maxAttempts;

	private final long initialBackoffMillis;

	private final SendRateLimiter limiter;

	private final int reconnectAfter;

	private EndOfDataTransport transport;

	private int sentOnConnection;

	SmtpDelivery(Session session, String host, int port, String username, String password, int maxAttempts,
			long initialBackoffMillis, SendRateLimiter limiter, int reconnectAfter) {
		this.limiter = limiter;
		this.reconnectAfter = reconnectAfter;
		this.session = session;
		this.host = host;
		this.port = port;
		this.username = username;
		this.password = password;
		this.maxAttempts = maxAttempts;
		this.initialBackoffMillis = initialBackoffMillis;
	}

	@Override
	public DeliveryResult send(MimeMessage message, RenderedNotice rendered, Runnable beforeEndOfData) {
		Exception last = null;
		Integer lastCode = null;
		String lastText = null;
		boolean connected = false;
		int doubtful = 0;
		for (int attempt = 1; attempt <= maxAttempts; attempt++) {
			if (attempt > 1) {
				backoff(attempt, doubtful);
			}
			try {
				connect();
				connected = true;
			}
			catch (AuthenticationFailedException ex) {
				throw new SystemicDeliveryFailure("The SMTP server " + host + ":" + port + " refused the credentials ("
						+ ex.getMessage() + "). Check spring.mail.username and the password, then run the same command again.",
						doubtful, ex);
			}
			catch (MessagingException ex) {
				last = ex;
				connected = false;
				lastCode = null;
				continue;
			}
			try {
				limiter.acquire();
				transport.beforeEndOfData(beforeEndOfData);
				transport.sendMessage(message, message.getAllRecipients());
				limiter.accepted();
				DeliveryResult sent = new DeliveryResult(NoticeStatus.SENT, transport.getLastReturnCode(),
						firstLine(transport.getLastServerResponse()), attempt, doubtful);
				if (++sentOnConnection >= reconnectAfter) {
					// Relays limit messages per session; open a fresh one before they say so.
					closeQuietly();
				}
				return sent;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SystemicDeliveryFailure("Interrupted while waiting for the send rate limit", doubtful, ex);
			}
			catch (SendFailedException ex) {
				int code = replyCode(ex);
				String text = replyText(ex);
				doubtful += transport.awaitingFinalReply() ? 1 : 0;
				closeQuietly();
				if (SYSTEMIC_CODES.contains(code) || (code >= 500 && ex instanceof SMTPSenderFailedException)) {
					throw new SystemicDeliveryFailure("The SMTP server refuses to send for us: " + text
							+ ". Fix the relay settings or the sender address, then run the same command again.", doubtful, ex);
				}
				if (code >= 500) {
					return new DeliveryResult(NoticeStatus.FAILED_PERMANENT, code, text, attempt, doubtful);
				}
				if (SendRateLimiter.isThrottling(code, text)) {
					limiter.throttled();
					log.warn("The relay throttles ({}): slowing down to {} messages/s", code, String.format("%.1f", limiter.currentRate()));
				}
				last = ex;
				lastCode = code >= 400 ? code : null;
				lastText = text;
			}
			catch (MessagingException | IllegalStateException ex) {
				// IllegalStateException "Not connected": the relay closed a connection we had kept open.
				doubtful += transport.awaitingFinalReply() ? 1 : 0;
				closeQuietly();
				last = ex;
				lastCode = null;
			}
		}
		if (lastCode != null) {
			return new DeliveryResult(NoticeStatus.FAILED_TRANSIENT, lastCode, lastText, maxAttempts, doubtful);
		}
		if (!connected) {
			throw new SystemicDeliveryFailure("Cannot connect to the SMTP server " + host + ":" + port + " after " + maxAttempts
					+ " attempts (" + (last == null ? "" : last.getMessage())
					+ "). Check spring.mail.host/port and the network, then run the same command again.", doubtful, last);
		}
		throw new SystemicDeliveryFailure("The connection to " + host + ":" + port + " failed on every attempt ("
				+ last.getMessage() + "); the notice in hand is recorded as " + (doubtful > 0 ? "UNKNOWN" : "PENDING")
				+ ". Run the same command again when the relay is back.", doubtful, last);
	}

	private void connect() throws MessagingException {
		// Not transport.isConnected(): Angus checks with a NOOP, one more round trip per message.
		// Every error closes the transport, so an open one is usable until proven otherwise.
		if (transport != null) {
			return;
		}
		EndOfDataTransport fresh = new EndOfDataTransport(session, new URLName("smtp", host, port, null, username, password));
		fresh.connect(host, port, username, password);
		transport = fresh;
		sentOnConnection = 0;
	}

	private void backoff(int attempt, int doubtful) {
		long millis = initialBackoffMillis << Math.min(attempt - 2, 10);
		log.info("SMTP attempt {} of {} in {} ms", attempt, maxAttempts, millis);
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SystemicDeliveryFailure("Interrupted while waiting to retry", doubtful, ex);
		}
	}

	/** The reply code, wherever Angus put it: the exception itself or a nested one per address. */
	private int replyCode(MessagingException ex) {
		for (Exception e = ex; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
			if (e instanceof SMTPAddressFailedException address) {
				return address.getReturnCode();
			}
			if (e instanceof SMTPSendFailedException send) {
				return send.getReturnCode();
			}
			if (e instanceof SMTPSenderFailedException sender) {
				return sender.getReturnCode();
			}
		}
		return transport == null ? -1 : transport.getLastReturnCode();
	}

	private static String replyText(MessagingException ex) {
		for (Exception e = ex; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
			if (e instanceof SMTPAddressFailedException || e instanceof SMTPSendFailedException
					|| e instanceof SMTPSenderFailedException) {
				return firstLine(e.getMessage());
			}
		}
		return firstLine(ex.getMessage());
	}

	private static String firstLine(String text) {
		return text == null ? null : text.strip().lines().findFirst().orElse("");
	}

	private void closeQuietly() {
		if (transport != null) {
			try {
				transport.close();
			}
			catch (MessagingException ex) {
				// the connection is being dropped anyway
			}
			transport = null;
		}
	}

	@Override
	public void close() {
		closeQuietly();
	}

}
