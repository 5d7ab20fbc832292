package org.example.breachnotice.delivery;

import java.io.IOException;

import jakarta.mail.internet.MimeMessage;

/**
 * One open connection to the SMTP relay, sending one message at a time. After any exception it is
 * closed and dropped: the next message opens a fresh one.
 */
interface RelayConnection extends AutoCloseable {

	/**
	 * Hands one message to the relay.
	 * @param beforeEndOfData run just before the final "." of DATA goes out: until then the relay
	 *            cannot have accepted the message
	 * @param next the envelope of the message that will follow on this connection, or null: a
	 *            connection may send its MAIL, RCPT and DATA right behind this message's final "."
	 *            (one round trip per message); a different message next then finds the connection
	 *            unusable ({@link IOException}), and the caller opens a fresh one
	 * @return the relay's reply to the end of the data
	 * @throws Refusal the relay answered a command of this message with an error
	 * @throws IOException the connection broke or timed out; {@link #awaitingFinalReply()} says
	 *             whether the data had ended by then
	 */
	Reply send(MimeMessage message, Runnable beforeEndOfData, Envelope next) throws Refusal, IOException;

	/** The last message's data ended and no reply to it was read: the relay may have accepted it. */
	boolean awaitingFinalReply();

	@Override
	void close();

	/** Opens connections to the relay; {@link SmtpDelivery} retries a failure with backoff unless it is one of {@link Failure.Kind}'s final ones. */
	interface Opener {

		RelayConnection open() throws Failure;

	}

	/** A reply of the relay; {@code code} is -1 when no reply was read. */
	record Reply(int code, String text) {
	}

	/** What the relay refused: the sender (MAIL), a recipient (RCPT) or the message (DATA and its end). */
	enum Stage {
		SENDER, RECIPIENT, MESSAGE
	}

	/**
	 * The relay answered with an error. {@code connectionKept}: the transaction was ended cleanly
	 * (a refused recipient, and no data sent), so the connection can take the next message; else
	 * it is closed.
	 */
	final class Refusal extends Exception {

		private final Stage stage;

		private final Reply reply;

		private final boolean connectionKept;

		private Refusal(Stage stage, Reply reply, boolean connectionKept) {
			super(reply.text());
			this.stage = stage;
			this.reply = reply;
			this.connectionKept = connectionKept;
		}

		/** A refusal after which the connection is closed. */
		Refusal(Stage stage, Reply reply) {
			this(stage, reply, false);
		}

		/**
		 * A refused RCPT, the transaction ended without data: the connection takes the next message
		 * (after a reset), rather than costing a reconnection per greylisted or unknown address;
		 * unless the reply was 421, the relay going away.
		 */
		static Refusal ofRecipient(Reply reply) {
			return new Refusal(Stage.RECIPIENT, reply, reply.code() != 421);
		}

		boolean connectionKept() {
			return connectionKept;
		}

		Stage stage() {
			return stage;
		}

		Reply reply() {
			return reply;
		}

	}

	/** A connection could not be opened. */
	final class Failure extends Exception {

		/** CREDENTIALS and NO_STARTTLS are final: retrying cannot help. */
		enum Kind {
			CREDENTIALS, NO_STARTTLS, UNREACHABLE
		}

		private final Kind kind;

		Failure(Kind kind, String message, Throwable cause) {
			super(message, cause);
			this.kind = kind;
		}

		Kind kind() {
			return kind;
		}

	}

}
