package org.example.breachnotice.delivery;

import java.io.IOException;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * A connection through Angus Mail's SMTP transport: one command, one reply (4 round trips per
 * message; the next message's envelope is not used). Used with
 * {@code breach-notice.smtp-client=angus}, and for session properties the pipelining client does
 * not know (see {@link PipeliningConnection#supports}).
 */
final class AngusConnection implements RelayConnection {

	private final EndOfDataTransport transport;

	private AngusConnection(EndOfDataTransport transport) {
		this.transport = transport;
	}

	static Opener opener(Session session, String host, int port, String username, String password) {
		return () -> {
			EndOfDataTransport transport = new EndOfDataTransport(session, new URLName("smtp", host, port, null, username, password));
			try {
				transport.connect(host, port, username, password);
				return new AngusConnection(transport);
			}
			catch (AuthenticationFailedException ex) {
				throw new Failure(Failure.Kind.CREDENTIALS, ex.getMessage(), ex);
			}
			catch (MessagingException ex) {
				throw new Failure(SmtpSecurity.startTlsMissing(ex) ? Failure.Kind.NO_STARTTLS : Failure.Kind.UNREACHABLE,
						ex.getMessage(), ex);
			}
		};
	}

	@Override
	public Reply send(MimeMessage message, Runnable beforeEndOfData, Envelope next) throws Refusal, IOException {
		try {
			transport.beforeEndOfData(beforeEndOfData);
			transport.sendMessage(message, message.getAllRecipients());
			return new Reply(transport.getLastReturnCode(), transport.getLastServerResponse());
		}
		catch (SendFailedException ex) {
			throw refusal(ex);
		}
		catch (MessagingException | IllegalStateException ex) {
			// IllegalStateException "Not connected": the relay closed a connection we had kept open.
			throw new IOException(ex.getMessage(), ex);
		}
	}

	/** The stage and reply, wherever Angus put them: the exception itself or a nested one per address. */
	private Refusal refusal(SendFailedException ex) {
		for (Exception e = ex; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
			if (e instanceof SMTPSenderFailedException sender) {
				return new Refusal(Stage.SENDER, new Reply(sender.getReturnCode(), e.getMessage()));
			}
			if (e instanceof SMTPAddressFailedException address) {
				// Angus has reset the transaction (RSET), and closed the connection if that failed.
				return Refusal.ofRecipient(new Reply(address.getReturnCode(), e.getMessage()));
			}
			if (e instanceof SMTPSendFailedException send) {
				return new Refusal(Stage.MESSAGE, new Reply(send.getReturnCode(), e.getMessage()));
			}
		}
		return new Refusal(Stage.MESSAGE, new Reply(transport.getLastReturnCode(), ex.getMessage()));
	}

	@Override
	public boolean awaitingFinalReply() {
		return transport.awaitingFinalReply();
	}

	@Override
	public void close() {
		try {
			transport.close();
		}
		catch (MessagingException ex) {
			// the connection is being dropped anyway
		}
	}

}
