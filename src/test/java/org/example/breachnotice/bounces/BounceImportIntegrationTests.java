package org.example.breachnotice.bounces;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.ChildJvm;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery reports in the formats of Postfix, Exim, Microsoft 365 and Gmail, an abuse report, a
 * report about a message of nobody's and a message that is no report, read from a Maildir, an mbox
 * and GreenMail's IMAP, after a real send; then read again, and an import killed with SIGKILL.
 */
class BounceImportIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-a,Alpha,Postfix Person,postfix.person@example.com,,,BR,,,,
			u2,org-a,Alpha,Exim Person,exim.person@example.com,,,BR,,,,
			u3,org-a,Alpha,Outlook Person,outlook.person@example.com,,,US,,,,
			u4,org-a,Alpha,Gmail Person,gmail.person@example.com,,,US,,,,
			u5,org-a,Alpha,Slow Person,slow.person@example.com,,,BR,,,,
			u6,org-a,Alpha,Angry Person,angry.person@example.com,,,BR,,,,
			""";

	/** Fixture -> the recipient whose notice it reports on. */
	static final Map<String, String> REPORTS = Map.of("postfix-failed.eml", "postfix.person@example.com", "exim-failed.eml",
			"exim.person@example.com", "microsoft365-failed.eml", "outlook.person@example.com", "gmail-failed.eml",
			"gmail.person@example.com", "postfix-delayed.eml", "slow.person@example.com", "arf-abuse.eml", "angry.person@example.com");

	@TempDir
	Path temp;

	Path home;

	Map<String, String> messageIds;

	@BeforeEach
	void sendTheNotices() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, null, 0.0);
		home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			assertThat(Cli.runSmtp(job, home, smtp.port()).exitCode()).isZero();
		}
		messageIds = StateDb.query(home, "SELECT recipient_email, message_id FROM notice").stream()
			.collect(Collectors.toMap(row -> (String) row.get("recipient_email"), row -> (String) row.get("message_id")));
	}

	@Test
	void reportsFromAMaildirAreRecordedOnceAndTheMaildirIsLeftAsItWas() throws Exception {
		Path maildir = temp.resolve("Maildir");
		int i = 0;
		for (String text : allReports()) {
			write(maildir.resolve("new").resolve("1764249302." + ++i + ".mx"), text);
		}
		long filesBefore = Files.list(maildir.resolve("new")).count();

		Cli.Result first = Cli.run("bounces", "mixpanel-2025-11", "--maildir", maildir.toString(), "--home", home.toString());

		assertThat(first.exitCode()).as(first.output()).isZero();
		assertThat(first.output()).contains("8 message(s) read", "4 bounced", "1 delayed", "1 complaint(s)", "Already recorded: 0",
				"Matching no notice of mixpanel-2025-11: 1", "Not a delivery report: 1");
		assertRecorded();
		assertThat(Cli.run("status", "mixpanel-2025-11", "--home", home.toString()).output())
			.as("bounced notices are among the undelivered ones, as in the report").contains("Last undelivered notices (4 in all", "BOUNCED");
		long entries = ledgerEntries();

		Cli.Result second = Cli.run("bounces", "mixpanel-2025-11", "--maildir", maildir.toString(), "--home", home.toString());

		assertThat(second.output()).contains("0 bounced", "0 delayed", "0 complaint(s)", "Already recorded: 6",
				"Matching no notice of mixpanel-2025-11: 1");
		assertThat(ledgerEntries()).as("nothing recorded twice").isEqualTo(entries);
		assertThat(Files.list(maildir.resolve("new")).count()).as("nothing deleted or moved").isEqualTo(filesBefore);
		assertThat(Cli.run("ledger", "verify", "--home", home.toString()).exitCode()).isZero();
		Cli.assertTableAgreesWithLedger(home);
	}

	@Test
	void reportsFromImapAndFromAnMboxAreTheSameReports() throws Exception {
		GreenMailUser user = greenMail.setUser("bounces@example.com", "bounces", "s3cret");
		for (String text : allReports()) {
			user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
		}
		Path passwordFile = temp.resolve("imap-password");
		Files.writeString(passwordFile, "s3cret\n");

		Cli.Result imap = Cli.run("bounces", "mixpanel-2025-11", "--imap",
				"imap://bounces@127.0.0.1:" + greenMail.getImap().getPort() + "/INBOX", "--imap-password-file", passwordFile.toString(),
				"--home", home.toString());

		assertThat(imap.exitCode()).as(imap.output()).isZero();
		assertThat(imap.output()).contains("8 message(s) read", "4 bounced", "1 delayed", "1 complaint(s)");
		assertRecorded();
		assertThat(greenMail.getReceivedMessages()).as("the mailbox keeps every message").hasSize(8);

		Path mbox = temp.resolve("bounces.mbox");
		StringBuilder text = new StringBuilder();
		for (String report : allReports()) {
			text.append("From MAILER-DAEMON Thu Nov 27 10:15:02 2025\n").append(report.replace("\nFrom ", "\n>From ")).append('\n');
		}
		write(mbox, text.toString());
		Cli.Result fromMbox = Cli.run("bounces", "mixpanel-2025-11", "--mbox", mbox.toString(), "--home", home.toString());

		assertThat(fromMbox.output()).as("the same reports, already recorded from IMAP").contains("8 message(s) read",
				"Already recorded: 6", "Not a delivery report: 1");

		Cli.Result clear = Cli.run("bounces", "mixpanel-2025-11", "--imap", "imap://bounces@imap.example.com/INBOX", "--home",
				home.toString());
		assertThat(clear.exitCode()).isEqualTo(2);
		assertThat(clear.output()).contains("use imaps://");
	}

	@Test
	void anImportKilledMidwayRecordsEachReportExactlyOnceWhenRunAgain() throws Exception {
		Path maildir = temp.resolve("Maildir");
		String delayed = fixture("postfix-delayed.eml");
		List<String> recipients = List.copyOf(messageIds.keySet());
		for (int i = 0; i < 600; i++) {
			String to = recipients.get(i % recipients.size());
			write(maildir.resolve("new").resolve(String.format("%04d.mx", i)), delayed.replace("{{REPORT_ID}}", "delay-" + i)
				.replace("{{MESSAGE_ID}}", messageIds.get(to)).replace("{{RECIPIENT}}", to));
		}
		Path log = temp.resolve("bounces.log");
		Process child = ChildJvm.start(log, "bounces", "mixpanel-2025-11", "--maildir", maildir.toString(), "--home", home.toString());
		ChildJvm.awaitWhileAlive(child, log, () -> {
			try {
				return Files.readString(log).contains("100 message(s) read");
			}
			catch (java.io.IOException ex) {
				return false;
			}
		});
		child.destroyForcibly();
		assertThat(child.waitFor()).isEqualTo(137);
		long recordedBeforeKill = (Long) StateDb.query(home, "SELECT COUNT(*) AS n FROM bounce_report").get(0).get("n");
		assertThat(recordedBeforeKill).as("killed midway").isBetween(100L, 599L);

		Cli.Result again = Cli.run("bounces", "mixpanel-2025-11", "--maildir", maildir.toString(), "--home", home.toString());

		assertThat(again.output()).contains("600 message(s) read", "Already recorded: " + recordedBeforeKill);
		assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM ledger_entry WHERE entry_type = 'NOTICE_DELAYED'"))
			.containsExactly(Map.of("n", 600L));
		assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM bounce_report")).containsExactly(Map.of("n", 600L));
		assertThat(Cli.run("ledger", "verify", "--home", home.toString()).exitCode()).isZero();
	}

	@Test
	void withAReturnPathEachNoticeHasItsOwnEnvelopeSenderAndABounceThatQuotesNothingStillFindsItsNotice() throws Exception {
		Path job = TestJobs.write(temp.resolve("verp-job"), PEOPLE, null, 0.0);
		Files.writeString(job, Files.readString(job).replace("  reply_to: privacy@example.com",
				"  reply_to: privacy@example.com\n  return_path: bounces@example.com"));
		Path verpHome = temp.resolve("verp-home");
		List<ScriptedSmtpServer.Accepted> accepted;
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			assertThat(Cli.runSmtp(job, verpHome, smtp.port()).exitCode()).isZero();
			accepted = List.copyOf(smtp.accepted());
		}
		assertThat(accepted).hasSize(6).allSatisfy(message -> assertThat(message.mailFrom()).matches("bounces\\+[0-9a-f]{40}@example\\.com"));
		String envelope = accepted.stream().filter(m -> m.recipients().contains("exim.person@example.com")).findFirst().orElseThrow()
			.mailFrom();
		// A bare DSN: no returned message, no original Message-ID; only the address it came back to names the notice.
		String bare = fixture("exim-failed.eml").replace("To: privacy@example.com", "To: " + envelope)
			.replace("{{REPORT_ID}}", "bare-1").replace("{{RECIPIENT}}", "exim.person@example.com")
			.replace("Message-ID: {{MESSAGE_ID}}", "X-Note: the headers were cut");
		write(temp.resolve("verp-maildir/new/1.mx"), bare);

		Cli.Result result = Cli.run("bounces", "mixpanel-2025-11", "--maildir", temp.resolve("verp-maildir").toString(), "--home",
				verpHome.toString());

		assertThat(result.output()).as(result.output()).contains("1 bounced");
		assertThat(StateDb.query(verpHome, "SELECT status FROM notice WHERE recipient_email = 'exim.person@example.com'"))
			.containsExactly(Map.of("status", "BOUNCED"));
	}

	private void assertRecorded() throws Exception {
		Map<String, String> statuses = StateDb.query(home, "SELECT recipient_email, status FROM notice").stream()
			.collect(Collectors.toMap(row -> (String) row.get("recipient_email"), row -> (String) row.get("status")));
		assertThat(statuses).containsEntry("postfix.person@example.com", "BOUNCED").containsEntry("exim.person@example.com", "BOUNCED")
			.containsEntry("outlook.person@example.com", "BOUNCED").containsEntry("gmail.person@example.com", "BOUNCED")
			.containsEntry("slow.person@example.com", "SENT").containsEntry("angry.person@example.com", "SENT");
		List<Map<String, Object>> entries = StateDb.query(home, "SELECT entry_type, recipient_email, payload FROM ledger_entry"
				+ " WHERE entry_type IN ('NOTICE_BOUNCED', 'NOTICE_DELAYED', 'NOTICE_COMPLAINT') ORDER BY seq");
		assertThat(entries).extracting(row -> row.get("entry_type")).containsExactlyInAnyOrder("NOTICE_BOUNCED", "NOTICE_BOUNCED",
				"NOTICE_BOUNCED", "NOTICE_BOUNCED", "NOTICE_DELAYED", "NOTICE_COMPLAINT");
		assertThat(entries).filteredOn(row -> "outlook.person@example.com".equals(row.get("recipient_email")))
			.singleElement().satisfies(row -> assertThat((String) row.get("payload")).contains("\"status_code\":\"5.1.10\"",
					"RecipientNotFound"));
		assertThat(entries).allSatisfy(row -> assertThat((String) row.get("payload")).as("no address in the hashed payload")
			.doesNotContain("person@example.com"));
	}

	/** Every fixture about its recipient's notice, one about a message we never sent, and a plain message. */
	private List<String> allReports() throws Exception {
		List<String> texts = new java.util.ArrayList<>();
		for (Map.Entry<String, String> report : REPORTS.entrySet()) {
			texts.add(fixture(report.getKey()).replace("{{REPORT_ID}}", "report-" + report.getKey())
				.replace("{{MESSAGE_ID}}", messageIds.get(report.getValue())).replace("{{RECIPIENT}}", report.getValue()));
		}
		texts.add(fixture("postfix-failed.eml").replace("{{REPORT_ID}}", "report-stranger")
			.replace("{{MESSAGE_ID}}", "<not-ours@elsewhere.example>").replace("{{RECIPIENT}}", "someone@elsewhere.example"));
		texts.add("From: ana@example.com\r\nTo: privacy@example.com\r\nSubject: thanks\r\nMessage-ID: <thanks@example.com>\r\n\r\n"
				+ "Thank you for telling me.\r\n");
		return texts;
	}

	private static String fixture(String name) throws Exception {
		try (var in = BounceImportIntegrationTests.class.getResourceAsStream("/bounces/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
		}
	}

	private static void write(Path file, String text) throws Exception {
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

	private long ledgerEntries() throws Exception {
		return (Long) StateDb.query(home, "SELECT COUNT(*) AS n FROM ledger_entry").get(0).get("n");
	}

}
