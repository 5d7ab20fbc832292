package org.example.breachnotice.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.junit.jupiter.api.Test;

import org.example.breachnotice.delivery.RelayConnection.Refusal;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;

/**
 * The pipelining client against a scripted relay: once the relay's sample is judged, the next
 * message's transaction opened behind each end of data.
 */
class PipeliningConnectionIntegrationTests {

	private final List<String> journal = new ArrayList<>();

	@Test
	void eachMessageOpensTheNextOnesTransactionWithItsEndOfData() throws Exception {
		try (ScriptedSmtpServer relay = new ScriptedSmtpServer(); RelayConnection connection = judged(relay)) {
			List<MimeMessage> messages = List.of(message("a@example.org"), message("b@example.org"), message("c@example.org"));
			for (int i = 0; i < messages.size(); i++) {
				Envelope next = i + 1 < messages.size() ? Envelope.of(messages.get(i + 1)) : null;
				assertThat(connection.send(messages.get(i), () -> journal.add("end"), next).code()).isEqualTo(250);
			}

			assertThat(afterSample(relay)).containsExactly("a@example.org", "b@example.org", "c@example.org");
			assertThat(relay.accepted()).allMatch(m -> m.mailFrom().equals("bounces@example.com"));
			assertThat(relay.commandsBehindEndOfData()).isEqualTo(2);
			assertThat(relay.pipelinedMailCommands()).isEqualTo(SAMPLE + 3);
			assertThat(journal).hasSize(3);
		}
	}

	/**
	 * The caller sends another message than the one it named (its rendering failed, or the run was
	 * told to stop): the open transaction may already be in DATA, so the connection is dropped, not
	 * ended with a QUIT that the relay would read as message content, and nothing of it is accepted.
	 */
	@Test
	void anotherMessageThanTheNamedOneFindsTheConnectionUnusableAndNothingOfTheOpenOneIsDelivered() throws Exception {
		try (ScriptedSmtpServer relay = new ScriptedSmtpServer()) {
			RelayConnection connection = judged(relay);
			connection.send(message("a@example.org"), () -> journal.add("a"), Envelope.of(message("b@example.org")));

			assertThatThrownBy(() -> connection.send(message("c@example.org"), () -> journal.add("c"), null))
				.isInstanceOf(IOException.class).hasMessageContaining("transaction of another message");
			assertThat(connection.awaitingFinalReply()).isFalse();
			connection.close();

			try (RelayConnection fresh = open(relay)) {
				fresh.send(message("c@example.org"), () -> journal.add("c"), null);
			}
			assertThat(afterSample(relay)).containsExactly("a@example.org", "c@example.org");
			assertThat(relay.quits()).as("only the fresh connection ends with QUIT").isEqualTo(1);
			assertThat(journal).containsExactly("a", "c");
		}
	}

	/** A recipient refused in the opened transaction: that message fails, and the connection takes the next one. */
	@Test
	void aRecipientRefusedInTheOpenedTransactionKeepsTheConnection() throws Exception {
		try (ScriptedSmtpServer relay = new ScriptedSmtpServer(); RelayConnection connection = judged(relay)) {
			MimeMessage refused = message("reject.b@example.org");
			connection.send(message("a@example.org"), () -> journal.add("a"), Envelope.of(refused));

			assertThatThrownBy(() -> connection.send(refused, () -> journal.add("b"), null)).isInstanceOfSatisfying(Refusal.class,
					refusal -> assertThat(refusal.connectionKept()).isTrue());
			connection.send(message("c@example.org"), () -> journal.add("c"), null);

			assertThat(afterSample(relay)).containsExactly("a@example.org", "c@example.org");
			assertThat(relay.connections()).isEqualTo(1);
			assertThat(journal).containsExactly("a", "c");
		}
	}

	private static final int SAMPLE = PipeliningConnection.Stalls.SAMPLES;

	/** A connection whose relay has been judged: the sample's messages sent (nothing opened behind them). */
	private static RelayConnection judged(ScriptedSmtpServer relay) throws Exception {
		RelayConnection connection = open(relay);
		for (int i = 0; i < SAMPLE; i++) {
			connection.send(message("sample" + i + "@example.org"), () -> {
			}, Envelope.of(message("next@example.org")));
		}
		assertThat(relay.commandsBehindEndOfData()).isZero();
		return connection;
	}

	private static List<String> afterSample(ScriptedSmtpServer relay) {
		return relay.accepted().stream().skip(SAMPLE).map(m -> m.recipients().get(0)).toList();
	}

	private static RelayConnection open(ScriptedSmtpServer relay) throws RelayConnection.Failure {
		Properties session = new Properties();
		session.setProperty("mail.smtp.localhost", "client.example.com");
		return PipeliningConnection.opener("127.0.0.1", relay.port(), null, null, session).open();
	}

	private static MimeMessage message(String to) throws Exception {
		SMTPMessage message = new SMTPMessage(Session.getInstance(new Properties()));
		message.setEnvelopeFrom("bounces@example.com");
		message.setFrom(new InternetAddress("security-notice@example.com"));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
		message.setSubject("Notice");
		message.setText("A line.\r\n.\r\nAnd a dot above.\r\n");
		message.saveChanges();
		return message;
	}

}
