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
 * Sends over one reused SMTP connection, one attempt per message: a 5xx reply for the recipient or
 * the message is a permanent failure of that notice only; a 4xx reply or a broken connection defers
 * the notice (its retry schedule is the caller's), and the connection goes on with the next one.
 * Authentication refused, the sender refused, or the relay unreachable after {@code connectAttempts}
 * tries with exponential backoff are systemic and fail the step.
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

	private final int connectAttempts;

	private final long connectBackoffMillis;

	private final SendRateLimiter limiter;

	private final int reconnectAfter;

	private EndOfDataTransport transport;

	private int sentOnConnection;

	SmtpDelivery(Session session, String host, int port, String username, String password, int connectAttempts,
			long connectBackoffMillis, SendRateLimiter limiter, int reconnectAfter) {
		this.limiter = limiter;
		this.reconnectAfter = reconnectAfter;
		this.session = session;
		this.host = host;
		this.port = port;
		this.username = username;
		this.password = password;
		this.connectAttempts = connectAttempts;
		this.connectBackoffMillis = connectBackoffMillis;
	}

	@Override
	public DeliveryResult send(MimeMessage message, RenderedNotice rendered, Runnable beforeEndOfData) {
		boolean reused = connect();
		DeliveryResult result = attempt(message, beforeEndOfData);
		if (reused && result.status() == NoticeStatus.DEFERRED && result.replyCode() == null && result.doubtfulAttempts() == 0) {
			// A kept connection that the relay had closed meanwhile: nothing reached it. Once more, on a fresh one.
			connect();
			result = attempt(message, beforeEndOfData);
		}
		return result;
	}

	private DeliveryResult attempt(MimeMessage message, Runnable beforeEndOfData) {
		try {
			limiter.acquire();
			transport.beforeEndOfData(beforeEndOfData);
			transport.sendMessage(message, message.getAllRecipients());
			limiter.accepted();
			DeliveryResult sent = new DeliveryResult(NoticeStatus.SENT, transport.getLastReturnCode(),
					firstLine(transport.getLastServerResponse()), 1, 0);
			if (++sentOnConnection >= reconnectAfter) {
				// Relays limit messages per session; open a fresh one before they say so.
				closeQuietly();
			}
			return sent;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SystemicDeliveryFailure("Interrupted while waiting for the send rate limit", 0, ex);
		}
		catch (SendFailedException ex) {
			int code = replyCode(ex);
			String text = replyText(ex);
			int doubtful = transport.awaitingFinalReply() ? 1 : 0;
			closeQuietly();
			if (SYSTEMIC_CODES.contains(code) || (code >= 500 && ex instanceof SMTPSenderFailedException)) {
				throw new SystemicDeliveryFailure("The SMTP server refuses to send for us: " + text
						+ ". Fix the relay settings or the sender address, then run the same command again.", doubtful, ex);
			}
			if (code >= 500) {
				return new DeliveryResult(NoticeStatus.FAILED_PERMANENT, code, text, 1, doubtful);
			}
			if (SendRateLimiter.isThrottling(code, text)) {
				limiter.throttled();
				log.warn("The relay throttles ({}): slowing down to {} messages/s", code, String.format("%.1f", limiter.currentRate()));
				return new DeliveryResult(NoticeStatus.DEFERRED, code, text, 0, doubtful);
			}
			return new DeliveryResult(NoticeStatus.DEFERRED, code >= 400 ? code : null, text, 1, doubtful);
		}
		catch (MessagingException | IllegalStateException ex) {
			// IllegalStateException "Not connected": the relay closed a connection we had kept open.
			int doubtful = transport != null && transport.awaitingFinalReply() ? 1 : 0;
			closeQuietly();
			return new DeliveryResult(NoticeStatus.DEFERRED, null, "connection failed: " + firstLine(ex.getMessage()), 1, doubtful);
		}
	}

	/** @return whether the connection was already open (kept from the previous message) */
	private boolean connect() {
		// Not transport.isConnected(): Angus checks with a NOOP, one more round trip per message.
		// Every error closes the transport, so an open one is usable until proven otherwise.
		if (transport != null) {
			return true;
		}
		MessagingException last = null;
		for (int attempt = 1; attempt <= connectAttempts; attempt++) {
			if (attempt > 1) {
				backoff(attempt);
			}
			EndOfDataTransport fresh = new EndOfDataTransport(session, new URLName("smtp", host, port, null, username, password));
			try {
				fresh.connect(host, port, username, password);
				transport = fresh;
				sentOnConnection = 0;
				return false;
			}
			catch (AuthenticationFailedException ex) {
				throw new SystemicDeliveryFailure("The SMTP server " + host + ":" + port + " refused the credentials ("
						+ ex.getMessage() + "). Check spring.mail.username and the password, then run the same command again.",
						0, ex);
			}
			catch (MessagingException ex) {
				if (SmtpSecurity.startTlsMissing(ex)) {
					throw new SystemicDeliveryFailure("The SMTP server " + host + ":" + port + " offers no STARTTLS, and"
							+ " credentials are set: the password would cross the network in clear, so nothing was sent. Use the"
							+ " relay's TLS port (mail.smtp.ssl.enable=true) or one that offers STARTTLS; for a relay on a trusted"
							+ " network only, --" + SmtpSecurity.OPT_OUT + "=true.", 0, ex);
				}
				last = ex;
			}
		}
		throw new SystemicDeliveryFailure("Cannot connect to the SMTP server " + host + ":" + port + " after " + connectAttempts
				+ " attempts (" + (last == null ? "" : last.getMessage())
				+ "). Check spring.mail.host/port and the network, then run the same command again.", 0, last);
	}

	private void backoff(int attempt) {
		long millis = connectBackoffMillis << Math.min(attempt - 2, 10);
		log.info("Connecting to the SMTP server: attempt {} of {} in {} ms", attempt, connectAttempts, millis);
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SystemicDeliveryFailure("Interrupted while waiting to reconnect", 0, ex);
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
