package org.example.breachnotice.delivery;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, with the one moment SMTP's doubt begins made visible: just before
 * the final "." of DATA goes out. Before it the relay cannot have accepted the message; after it,
 * until its reply is read, the relay may have. (BDAT is not used: Angus sends DATA unless
 * {@code mail.smtp.chunksize} is set.)
 */
class EndOfDataTransport extends SMTPTransport {

	private Runnable beforeEndOfData = () -> {
	};

	private boolean awaitingFinalReply;

	EndOfDataTransport(Session session, URLName url) {
		super(session, url);
	}

	/** What to do just before the end of the next message's data goes out (journal it). */
	void beforeEndOfData(Runnable hook) {
		beforeEndOfData = hook;
		awaitingFinalReply = false;
	}

	/** The last message's data ended and no reply to it was read: the relay may have accepted it. */
	boolean awaitingFinalReply() {
		return awaitingFinalReply;
	}

	@Override
	protected void finishData() throws IOException, MessagingException {
		beforeEndOfData.run();
		awaitingFinalReply = true;
		try {
			super.finishData();
			awaitingFinalReply = false;
		}
		catch (SMTPSendFailedException refused) {
			// A reply code of a real reply means the relay answered; -1 or 0 means end of stream or no reply.
			awaitingFinalReply = refused.getReturnCode() < 200;
			throw refused;
		}
	}

}
