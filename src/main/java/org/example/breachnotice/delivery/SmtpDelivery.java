package org.example.breachnotice.delivery;

import java.io.IOException;
import java.util.Set;

import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.example.breachnotice.delivery.RelayConnection.Failure;
import org.example.breachnotice.delivery.RelayConnection.Refusal;
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

	private final RelayConnection.Opener opener;

	/** host:port, for messages */
	private final String relay;

	private final int connectAttempts;

	private final long connectBackoffMillis;

	private final SendRateLimiter limiter;

	private final int reconnectAfter;

	private RelayConnection connection;

	private int sentOnConnection;

	SmtpDelivery(RelayConnection.Opener opener, String relay, int connectAttempts, long connectBackoffMillis,
			SendRateLimiter limiter, int reconnectAfter) {
		this.opener = opener;
		this.relay = relay;
		this.connectAttempts = connectAttempts;
		this.connectBackoffMillis = connectBackoffMillis;
		this.limiter = limiter;
		this.reconnectAfter = reconnectAfter;
	}

	@Override
	public DeliveryResult send(MimeMessage message, RenderedNotice rendered, Runnable beforeEndOfData, Envelope next) {
		boolean reused = connect();
		DeliveryResult result = attempt(message, beforeEndOfData, next);
		if (reused && result.status() == NoticeStatus.DEFERRED && result.replyCode() == null && result.doubtfulAttempts() == 0) {
			// A kept connection that the relay had closed meanwhile, or one that had opened another
			// message's transaction: nothing of this message reached it. Once more, on a fresh one.
			connect();
			result = attempt(message, beforeEndOfData, next);
		}
		return result;
	}

	private DeliveryResult attempt(MimeMessage message, Runnable beforeEndOfData, Envelope next) {
		try {
			limiter.acquire();
			// The last message of a connection opens no transaction behind it.
			RelayConnection.Reply reply = connection.send(message, beforeEndOfData,
					sentOnConnection + 1 >= reconnectAfter ? null : next);
			limiter.accepted();
			if (++sentOnConnection >= reconnectAfter) {
				// Relays limit messages per session; open a fresh one before they say so.
				closeQuietly();
			}
			return new DeliveryResult(NoticeStatus.SENT, reply.code(), firstLine(reply.text()), 1, 0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SystemicDeliveryFailure("Interrupted while waiting for the send rate limit", 0, ex);
		}
		catch (Refusal refusal) {
			int code = refusal.reply().code();
			String text = firstLine(refusal.reply().text());
			int doubtful = connection.awaitingFinalReply() ? 1 : 0;
			if (!refusal.connectionKept()) {
				closeQuietly();
			}
			if (SYSTEMIC_CODES.contains(code) || (code >= 500 && refusal.stage() == RelayConnection.Stage.SENDER)) {
				throw new SystemicDeliveryFailure("The SMTP server refuses to send for us: " + text
						+ ". Fix the relay settings or the sender address, then run the same command again.", doubtful, refusal);
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
		catch (IOException ex) {
			int doubtful = connection.awaitingFinalReply() ? 1 : 0;
			closeQuietly();
			return new DeliveryResult(NoticeStatus.DEFERRED, null, "connection failed: " + firstLine(ex.getMessage()), 1, doubtful);
		}
	}

	/** @return whether the connection was already open (kept from the previous message) */
	private boolean connect() {
		// Never checked with a NOOP, one more round trip per message: every error closes the
		// connection, so an open one is usable until proven otherwise.
		if (connection != null) {
			return true;
		}
		Failure last = null;
		for (int attempt = 1; attempt <= connectAttempts; attempt++) {
			if (attempt > 1) {
				backoff(attempt);
			}
			try {
				connection = opener.open();
				sentOnConnection = 0;
				return false;
			}
			catch (Failure ex) {
				switch (ex.kind()) {
					case CREDENTIALS -> throw new SystemicDeliveryFailure("The SMTP server " + relay + " refused the credentials ("
							+ ex.getMessage() + "). Check spring.mail.username and the password, then run the same command again.",
							0, ex);
					case NO_STARTTLS -> throw new SystemicDeliveryFailure("The SMTP server " + relay + " offers no STARTTLS, and"
							+ " credentials are set: the password would cross the network in clear, so nothing was sent. Use the"
							+ " relay's TLS port (mail.smtp.ssl.enable=true) or one that offers STARTTLS; for a relay on a trusted"
							+ " network only, --" + SmtpSecurity.OPT_OUT + "=true.", 0, ex);
					case UNREACHABLE -> last = ex;
				}
			}
		}
		throw new SystemicDeliveryFailure("Cannot connect to the SMTP server " + relay + " after " + connectAttempts
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

	private static String firstLine(String text) {
		return text == null ? null : text.strip().lines().findFirst().orElse("");
	}

	private void closeQuietly() {
		if (connection != null) {
			connection.close();
			connection = null;
		}
	}

	@Override
	public void close() {
		closeQuietly();
	}

}
