package org.example.breachnotice.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** SMTP replies and failures: 4xx retried, 5xx recorded, a relay lost mid-send then a restart. */
class SmtpFaultsIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-a,Alpha,Temp Fail,tempfail@example.com,,,US,,,,
			u2,org-a,Alpha,Rejected,reject@example.com,,,US,,,,
			u3,org-a,Alpha,Fine,fine@example.com,,,BR,,,,
			""";

	@TempDir
	Path temp;

	@Test
	void aRelayThatLosesFinalRepliesGetsSecondCopiesAndEachIsFlaggedInTheLedger() throws Exception {
		Path job = TestJobs.generated(temp, 150, 7);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.dropFinalReplyEvery = 50; // 2%: kept, then the connection drops before the 250

			Cli.Result result = Cli.runSmtp(job, home, smtp.port(), "--connections=2");

			assertThat(result.exitCode()).as(result.output()).isZero();
			assertThat(StateDb.statusCounts(home).keySet()).containsOnly("SENT");
			Map<String, Integer> deliveries = smtp.deliveriesByRecipient();
			List<String> twice = deliveries.keySet().stream().filter(to -> deliveries.get(to) > 1).sorted().toList();
			assertThat(twice).as("one second copy per lost reply").hasSize(smtp.droppedReplies()).isNotEmpty();
			List<String> flagged = StateDb.query(home, "SELECT recipient_email FROM ledger_entry WHERE entry_type = 'NOTICE_SENT'"
					+ " AND payload LIKE '%\"possible_duplicate\":true%' AND payload LIKE '%\"doubtful_attempts\":1%'")
				.stream().map(row -> ((String) row.get("recipient_email")).toLowerCase()).sorted().toList();
			assertThat(flagged).as("every second copy is flagged, and only those").isEqualTo(twice);
			assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM notice WHERE doubtful_attempts > 0").get(0).get("n"))
				.isEqualTo((long) twice.size());
			assertThat(result.output()).contains(twice.size() + " notice(s) may have reached their recipient twice");
			assertStatusAndReportCount(home, smtp.droppedReplies());
		}
	}

	/** The read timeout (mail.smtp.timeout): a final reply later than it is a doubtful attempt, tried again and flagged. */
	@Test
	void aFinalReplyLaterThanTheReadTimeoutIsADoubtfulAttemptNotAHang() throws Exception {
		Path job = TestJobs.generated(temp, 20, 7);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.onPhase = (phase, accepted) -> {
				if (phase == ScriptedSmtpServer.Phase.END_OF_DATA && accepted == 3) {
					try {
						Thread.sleep(3000); // kept, and the 250 comes long after the client's 500 ms
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			};

			Cli.Result result = Cli.runSmtp(job, home, smtp.port(), "--spring.mail.properties.mail.smtp.timeout=500");

			assertThat(result.exitCode()).as(result.output()).isZero();
			assertThat(StateDb.statusCounts(home).keySet()).containsOnly("SENT");
			Map<String, Integer> deliveries = smtp.deliveriesByRecipient();
			List<String> twice = deliveries.keySet().stream().filter(to -> deliveries.get(to) > 1).toList();
			assertThat(twice).as("the late one was tried again: the client gave up waiting, as it should").hasSize(1);
			assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM notice WHERE doubtful_attempts = 1").get(0).get("n"))
				.isEqualTo(1L);
		}
	}

	private static void assertStatusAndReportCount(Path home, int duplicates) throws Exception {
		Cli.Result status = Cli.run("status", "mixpanel-2025-11", "--home", home.toString());
		assertThat(status.output()).contains("possible second copies " + duplicates);
		Cli.Result report = Cli.run("report", "mixpanel-2025-11", "--home", home.toString());
		assertThat(report.exitCode()).as(report.output()).isZero();
		String html = Files.readString(home.resolve("out/mixpanel-2025-11/report.html"));
		assertThat(html).contains("Possible second copies: " + duplicates, "(of which " + duplicates + " possibly twice)");
	}

	@Test
	void transientReplyIsRetriedAndPermanentReplyIsRecordedWhileTheJobCompletes() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, null, 0.0);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			Cli.Result result = Cli.runSmtp(job, home, smtp.port());

			assertThat(result.exitCode()).as(result.output()).isZero();
			assertThat(smtp.deliveriesByRecipient()).containsExactly(Map.entry("fine@example.com", 1),
					Map.entry("tempfail@example.com", 1));
			// Pipelined: the refused RCPT's DATA was refused too, and no data followed it.
			assertThat(smtp.pipelinedMailCommands()).isEqualTo(smtp.mailCommands());
			assertThat(smtp.accepted()).allMatch(message -> !message.recipients().isEmpty());
		}
		Map<String, Map<String, Object>> notices = StateDb
			.query(home, "SELECT recipient_key, status, reply_code, reply_text FROM notice").stream()
			.collect(Collectors.toMap(row -> (String) row.get("recipient_key"), row -> row));
		assertThat(notices.get("tempfail@example.com")).containsEntry("status", "SENT").containsEntry("reply_code", 250);
		assertThat(notices.get("reject@example.com")).containsEntry("status", "FAILED_PERMANENT")
			.containsEntry("reply_code", 550);
		assertThat((String) notices.get("reject@example.com").get("reply_text")).contains("User unknown");
		assertThat(notices.get("fine@example.com")).containsEntry("status", "SENT");
		assertThat(Files.readString(home.resolve("breach-notice.log"))).as("no raw address or name in the log")
			.contains("r***@e***.com").doesNotContain("reject@example.com", "tempfail@example.com", "Rejected", "Temp Fail");

		List<Map<String, Object>> ledger = StateDb.query(home,
				"SELECT entry_type, payload FROM ledger_entry WHERE entry_type LIKE 'NOTICE_%' ORDER BY seq");
		assertThat(ledger).extracting(row -> row.get("entry_type"))
			.containsExactlyInAnyOrder("NOTICE_DEFERRED", "NOTICE_SENT", "NOTICE_SENT", "NOTICE_FAILED_PERMANENT");
		assertThat(ledger).anySatisfy(row -> assertThat((String) row.get("payload")).contains("\"status\":\"DEFERRED\"",
				"\"reply_code\":451", "\"next_attempt_at\":", "\"smtp_attempts\":1"));
		assertThat(ledger).anySatisfy(row -> assertThat((String) row.get("payload")).contains("\"smtp_attempts\":2",
				"\"reply_code\":250", "\"template_hash\":", "\"content_hash\":"));
	}

	@Test
	void relayLostMidSendFailsTheRunAndTheRestartSendsEveryoneElseExactlyOnce() throws Exception {
		relayLostThenRestart(1);
	}

	@Test
	void noPartitionHoldsADatabaseConnectionWhileSmtpIsInProgress() throws Exception {
		Path job = TestJobs.generated(temp, 60, 7);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer slow = new ScriptedSmtpServer()) {
			slow.replyDelayMillis = 100;
			// Six partitions share a pool of two connections: a partition that kept its connection
			// during SMTP would leave at most two of them able to send at a time.
			Cli.Result result = Cli.runSmtp(job, home, slow.port(), "--connections=6",
					"--spring.datasource.hikari.maximum-pool-size=2");

			assertThat(result.exitCode()).as(result.output()).isZero();
			assertThat(slow.mostAwaitingReply()).as("partitions in SMTP at once").isGreaterThan(2);
		}
		assertThat(StateDb.statusCounts(home)).containsOnlyKeys("SENT");
	}

	@Test
	void withFourPartitionsEveryRecipientIsSentExactlyOnceAcrossAFailureAndARestart() throws Exception {
		relayLostThenRestart(4);
	}

	private void relayLostThenRestart(int connections) throws Exception {
		Path job = TestJobs.generated(temp, 60, 7);
		Path home = temp.resolve("home");
		Map<String, Integer> delivered = new HashMap<>();

		try (ScriptedSmtpServer dying = new ScriptedSmtpServer()) {
			dying.acceptLimit = 20;
			Cli.Result failed = Cli.runSmtp(job, home, dying.port(), "--connections=" + connections);

			assertThat(failed.exitCode()).as(failed.output()).isEqualTo(5);
			assertThat(failed.output()).contains("Cannot connect to the SMTP server", "run the same command again");
			dying.deliveriesByRecipient().forEach((to, n) -> delivered.merge(to, n, Integer::sum));
			assertThat(dying.connections()).as("one connection per partition").isGreaterThanOrEqualTo(connections);
		}
		assertThat(delivered.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
		assertThat(StateDb.statusCounts(home)).containsEntry("SENT", 20L).doesNotContainKeys("SENDING", "UNKNOWN");

		Cli.Result resumed = Cli.runSmtp(job, home, greenMail.getSmtp().getPort(), "--connections=" + connections);

		assertThat(resumed.exitCode()).as(resumed.output()).isZero();
		for (MimeMessage message : greenMail.getReceivedMessages()) {
			delivered.merge(message.getAllRecipients()[0].toString().replaceAll(".*<|>.*", ""), 1, Integer::sum);
		}
		long notices = StateDb.statusCounts(home).get("SENT");
		assertThat(StateDb.statusCounts(home)).containsOnlyKeys("SENT");
		assertThat(delivered.values()).as("every recipient exactly once").allMatch(n -> n == 1);
		assertThat(delivered).hasSize((int) notices - duplicateAddressesAcrossTypes(home));
	}

	@Test
	void refusedCredentialsFailTheRunWithoutLosingAnyNotice() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, null, 0.0);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.refuseAuthentication = true;

			// The scripted relay offers no STARTTLS: only the explicit opt-out lets AUTH go in clear.
			Cli.Result result = Cli.runSmtp(job, home, smtp.port(), "--spring.mail.username=notices",
					"--spring.mail.password=wrong", "--spring.mail.properties.mail.smtp.auth=true",
					"--breach-notice.allow-cleartext-auth=true");

			assertThat(result.exitCode()).isEqualTo(5);
			assertThat(result.output()).contains("refused the credentials", "spring.mail.username");
			assertThat(smtp.accepted()).isEmpty();
		}
		assertThat(StateDb.statusCounts(home)).containsExactly(Map.entry("PENDING", 3L));
	}

	@Test
	void aReplyThatEchoesTheAddressReachesNeitherTheConsoleNorTheLogWhole() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), """
				user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
				u1,org-a,Alpha,Auth Required,authreq.victim@example.com,,,BR,,,,
				u2,org-a,Alpha,Fine,fine.person@example.com,,,BR,,,,
				""", null, 0.0);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			Cli.Result result = Cli.runSmtp(job, home, smtp.port());

			assertThat(result.output()).contains("530").doesNotContain("authreq.victim@example.com", "fine.person@example.com");
		}
		assertThat(Files.readString(home.resolve("breach-notice.log"))).contains("530")
			.doesNotContain("authreq.victim@example.com", "fine.person@example.com");
	}

	@Test
	void credentialsAreNeverSentToARelayThatOffersNoStartTls() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, null, 0.0);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.refuseAuthentication = true; // it offers AUTH, and no STARTTLS

			Cli.Result result = Cli.runSmtp(job, home, smtp.port(), "--spring.mail.username=notices",
					"--spring.mail.password=secret", "--spring.mail.properties.mail.smtp.auth=true");

			assertThat(result.exitCode()).isEqualTo(5);
			assertThat(result.output()).contains("offers no STARTTLS", "nothing was sent", "allow-cleartext-auth");
			assertThat(smtp.authAttempts()).as("no AUTH command reached the relay").isZero();
			assertThat(smtp.accepted()).isEmpty();
		}
		assertThat(StateDb.statusCounts(home)).containsExactly(Map.entry("PENDING", 3L));
	}

	/** An admin who is also an affected person gets two different notices at one address. */
	private static int duplicateAddressesAcrossTypes(Path home) throws Exception {
		return ((Number) StateDb.query(home, "SELECT COUNT(*) - COUNT(DISTINCT recipient_key) AS n FROM notice").get(0)
			.get("n")).intValue();
	}

}
