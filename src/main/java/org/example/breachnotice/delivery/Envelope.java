package org.example.breachnotice.delivery;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/** Who a message is from and to, as MAIL FROM and RCPT TO name them. */
record Envelope(String from, List<String> recipients) {

	Envelope {
		recipients = List.copyOf(recipients);
	}

	/** The envelope a message was built with: its envelope sender (else From) and its recipients. */
	static Envelope of(MimeMessage message) throws IOException {
		try {
			String from;
			if (message instanceof SMTPMessage smtp && smtp.getEnvelopeFrom() != null) {
				from = smtp.getEnvelopeFrom();
			}
			else {
				Address[] senders = message.getFrom();
				from = senders == null || senders.length == 0 ? "" : ((InternetAddress) senders[0]).getAddress();
			}
			Address[] all = message.getAllRecipients();
			return new Envelope(from, all == null ? List.of() : Arrays.stream(all).map(a -> ((InternetAddress) a).getAddress()).toList());
		}
		catch (MessagingException ex) {
			throw new IOException("no envelope: " + ex.getMessage(), ex);
		}
	}

}
