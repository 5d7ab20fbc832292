package org.example.breachnotice.delivery;

import java.nio.file.Path;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two SMTP clients (breach-notice.smtp-client): the pipelining one sends MAIL, RCPT and DATA
 * together where the relay offers PIPELINING, Angus one by one; both keep the same outcomes. The
 * fault tests elsewhere run the default, pipelining, client against the scripted relay (which
 * offers PIPELINING) and GreenMail (which does not).
 */
class SmtpClientsIntegrationTests {

	@RegisterExtension
	static GreenMailExtension smtps = new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort());

	@TempDir
	Path temp;

	@Test
	void thePipeliningClientSendsEachMessagesCommandsTogetherAndAngusOneByOne() throws Exception {
		Path job = TestJobs.generated(temp, 40, 7);
		for (String client : List.of("pipelining", "angus")) {
			Path home = temp.resolve(client);
			try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
				Cli.Result result = Cli.runSmtp(job, home, smtp.port(), "--breach-notice.smtp-client=" + client);

				assertEveryoneSentOnce(result, home, smtp);
				assertThat(smtp.mailCommands()).isEqualTo(smtp.accepted().size());
				assertThat(smtp.pipelinedMailCommands()).as(client)
					.isEqualTo(client.equals("pipelining") ? smtp.mailCommands() : 0);
				// After the relay's sample, a message's end of data opens the next one's transaction (within a batch).
				assertThat(smtp.commandsBehindEndOfData() > 0).as(client).isEqualTo(client.equals("pipelining"));
			}
		}
	}

	/** A refused recipient ends its transaction, not the connection: a stale list does not cost a reconnection per address. */
	@Test
	void refusedRecipientsKeepTheConnectionWithEitherClient() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), """
				user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
				u1,org-a,Alpha,One,reject.one@example.com,,,US,,,,
				u2,org-a,Alpha,Two,fine.two@example.com,,,US,,,,
				u3,org-a,Alpha,Three,reject.three@example.com,,,US,,,,
				u4,org-a,Alpha,Four,fine.four@example.com,,,US,,,,
				u5,org-a,Alpha,Five,reject.five@example.com,,,US,,,,
				u6,org-a,Alpha,Six,fine.six@example.com,,,US,,,,
				""", null, 0.0);
		for (String client : List.of("pipelining", "angus")) {
			Path home = temp.resolve(client);
			try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
				Cli.Result result = Cli.runSmtp(job, home, smtp.port(), "--connections=1", "--breach-notice.smtp-client=" + client);

				assertThat(result.exitCode()).as(result.output()).isZero();
				assertThat(smtp.connections()).as(client).isEqualTo(1);
				assertThat(smtp.accepted()).as(client).hasSize(3).allMatch(m -> m.recipients().get(0).startsWith("fine"));
			}
			assertThat(StateDb.statusCounts(home)).as(client).containsEntry("SENT", 3L).containsEntry("FAILED_PERMANENT", 3L);
		}
	}

	/** A 421 to a pipelined MAIL, then a closed connection: a throttle (the rate slows down), not a broken connection. */
	@Test
	void aThrottlingReplyToAPipelinedMailSlowsTheRunDown() throws Exception {
		Path job = TestJobs.generated(temp, 20, 7);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.throttleMailAt = 5;

			Cli.Result result = Cli.runSmtp(job, home, smtp.port());

			assertEveryoneSentOnce(result, home, smtp);
			assertThat(result.output()).contains("The relay throttles (421)");
		}
	}

	/**
	 * A relay that offers PIPELINING and answers grouped commands slowly (as one that flushes every
	 * reply with Nagle's algorithm on does, by a delayed ACK each): after a sample the run sends
	 * one command at a time.
	 */
	@Test
	void aRelaySlowToAnswerGroupedCommandsGetsThemOneByOne() throws Exception {
		Path job = TestJobs.generated(temp, 100, 7);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.groupedReplyDelayMillis = 60;

			Cli.Result result = Cli.runSmtp(job, home, smtp.port());

			assertEveryoneSentOnce(result, home, smtp);
			assertThat(result.output()).contains("offers PIPELINING but answers grouped commands");
			assertThat(smtp.pipelinedMailCommands()).as("the sample, and what was in flight when it ended")
				.isBetween(PipeliningConnection.Stalls.SAMPLES, smtp.mailCommands() / 2);
		}
	}

	/** TLS from the start (mail.smtp.ssl.enable): GreenMail's certificate is self-signed. */
	@Test
	void tlsFromTheStartDeliversOnlyToACertificateTheOperatorTrusts() throws Exception {
		Path job = TestJobs.generated(temp, 10, 7);
		Path untrusted = temp.resolve("untrusted");
		Cli.Result refused = Cli.runSmtp(job, untrusted, smtps.getSmtps().getPort(),
				"--spring.mail.properties.mail.smtp.ssl.enable=true");

		assertThat(refused.exitCode()).as(refused.output()).isNotZero();
		assertThat(refused.output()).contains("Cannot connect to the SMTP server", "attempts");
		assertThat(smtps.getReceivedMessages()).isEmpty();
		assertThat(StateDb.statusCounts(untrusted)).doesNotContainKeys("SENT", "UNKNOWN");

		Path trusted = temp.resolve("trusted");
		Cli.Result sent = Cli.runSmtp(job, trusted, smtps.getSmtps().getPort(),
				"--spring.mail.properties.mail.smtp.ssl.enable=true", "--spring.mail.properties.mail.smtp.ssl.trust=127.0.0.1");

		assertThat(sent.exitCode()).as(sent.output()).isZero();
		assertThat(StateDb.statusCounts(trusted).keySet()).containsOnly("SENT");
		assertThat(smtps.getReceivedMessages()).hasSize(StateDb.statusCounts(trusted).get("SENT").intValue());
	}

	private static void assertEveryoneSentOnce(Cli.Result result, Path home, ScriptedSmtpServer smtp) throws Exception {
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(StateDb.statusCounts(home).keySet()).containsOnly("SENT");
		assertThat(smtp.deliveriesByRecipient().values()).as("each recipient once").containsOnly(1);
	}

}
