package org.example.breachnotice.notification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.ChildJvm;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** stop, SIGTERM, resume, status during a run, retry-failed and abandon, with a real child JVM. */
class OperationsIntegrationTests {

	@TempDir
	Path temp;

	@Test
	void stopCommandMidSendThenTheSameRunResumes_nothingLostOrRepeated() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			Process child = startSlowRun(job, home, smtp);

			Cli.Result status = Cli.run("status", "mixpanel-2025-11", "--home", home.toString());
			assertThat(status.output()).contains("a run is in progress", "Incident mixpanel-2025-11", "sendStep");

			Cli.Result stop = Cli.run("stop", "mixpanel-2025-11", "--home", home.toString());
			assertThat(stop.exitCode()).isZero();
			assertThat(child.waitFor()).as("run ends STOPPED").isEqualTo(4);

			assertStoppedCleanly(home, smtp);
			resumeAndCheckEveryoneOnce(job, home, smtp);
		}
	}

	@Test
	void sigtermMidSendStopsGracefullyThenTheSameRunResumes() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			Process child = startSlowRun(job, home, smtp);

			child.destroy(); // SIGTERM
			assertThat(child.waitFor()).isEqualTo(143);
			assertThat(Files.readString(temp.resolve("child.log"))).contains("Stop requested (SIGTERM)", "ended STOPPED");

			assertStoppedCleanly(home, smtp);
			resumeAndCheckEveryoneOnce(job, home, smtp);
		}
	}

	@Test
	void abandonedExecutionsNeverResumeAndTheirPendingNoticesAreCancelled() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			Process child = startSlowRun(job, home, smtp);
			Cli.run("stop", "mixpanel-2025-11", "--home", home.toString());
			assertThat(child.waitFor()).isEqualTo(4);
			long pending = StateDb.statusCounts(home).get("PENDING");

			Cli.Result abandon = Cli.run("abandon", "mixpanel-2025-11", "--home", home.toString());

			assertThat(abandon.exitCode()).isZero();
			assertThat(abandon.output()).contains("abandoned", pending + " pending notice(s) cancelled");
			assertThat(StateDb.statusCounts(home)).containsEntry("CANCELLED", pending).doesNotContainKey("PENDING");
			assertTheReportsStatusRowsAddUpToItsTotal(home, pending);
			int delivered = smtp.accepted().size();
			Cli.Result again = Cli.runSmtp(job, home, smtp.port());
			assertThat(again.exitCode()).isEqualTo(5);
			assertThat(again.output()).contains("cannot resume");
			assertThat(smtp.accepted()).hasSize(delivered);
		}
	}

	/** The report's summary lists every status: after abandon, the CANCELLED notices too. */
	private static void assertTheReportsStatusRowsAddUpToItsTotal(Path home, long cancelled) throws Exception {
		assertThat(Cli.run("report", "mixpanel-2025-11", "--home", home.toString()).exitCode()).isZero();
		org.w3c.dom.Document html = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
			.parse(home.resolve("out/mixpanel-2025-11/report.html").toFile());
		javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
		double rows = (Double) xpath.evaluate("sum(//table[1]//tr/td[2])", html, javax.xml.xpath.XPathConstants.NUMBER);
		double total = (Double) xpath.evaluate("number(//table[1]//tr[th[1]='Total']/th[2])", html, javax.xml.xpath.XPathConstants.NUMBER);
		assertThat(rows).isEqualTo(total).isEqualTo((double) StateDb.statusCounts(home).values().stream().mapToLong(n -> n).sum());
		assertThat(xpath.evaluate("//table[1]//tr[td[1]='CANCELLED']/td[2]", html)).isEqualTo(Long.toString(cancelled));
	}

	@Test
	void retryFailedSendsExactlyTheTransientFailures() throws Exception {
		String people = """
				user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
				u1,org-a,Alpha,Busy One,busy.one@example.com,,,BR,,,,
				u2,org-a,Alpha,Busy Two,busy.two@example.com,,,US,,,,
				u3,org-a,Alpha,Fine,fine@example.com,,,BR,,,,
				u4,org-a,Alpha,Rejected,reject@example.com,,,BR,,,,
				""";
		Path job = TestJobs.write(temp.resolve("job"), people, null, 0.0);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			Cli.Result first = Cli.runSmtp(job, home, smtp.port());
			assertThat(first.exitCode()).isZero();
			assertThat(StateDb.statusCounts(home)).containsEntry("FAILED_TRANSIENT", 2L).containsEntry("FAILED_PERMANENT", 1L)
				.containsEntry("SENT", 1L);
			assertThat(smtp.deliveriesByRecipient()).containsOnlyKeys("fine@example.com");

			smtp.deferBusy = false;
			Cli.Result retry = Cli.run("retry-failed", "mixpanel-2025-11", "--home", home.toString(), "--transport=smtp",
					"--operator=test-operator", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port());

			assertThat(retry.exitCode()).as(retry.output()).isZero();
			assertThat(retry.output()).contains("Retrying 2 notice(s)");
			assertThat(smtp.deliveriesByRecipient()).containsExactly(Map.entry("busy.one@example.com", 1),
					Map.entry("busy.two@example.com", 1), Map.entry("fine@example.com", 1));
			assertThat(StateDb.statusCounts(home)).containsEntry("SENT", 3L).containsEntry("FAILED_PERMANENT", 1L)
				.doesNotContainKeys("FAILED_TRANSIENT", "PENDING");
			assertThat(StateDb.query(home, "SELECT entry_type FROM ledger_entry WHERE entry_type IN ('RETRY_REQUESTED', 'NOTICE_REQUEUED')"))
				.hasSize(3);
			Cli.Result status = Cli.run("status", "--home", home.toString());
			assertThat(status.output()).contains("retry", "run", "COMPLETED");

			Cli.Result nothingLeft = Cli.run("retry-failed", "mixpanel-2025-11", "--home", home.toString());
			assertThat(nothingLeft.output()).contains("no transiently failed notice to retry");
		}
	}

	private Path job() throws Exception {
		return TestJobs.generated(temp, 150, 11);
	}

	/** A child run against a slow relay (30 ms per message), once 20 messages went out. */
	private Process startSlowRun(Path job, Path home, ScriptedSmtpServer smtp) throws Exception {
		smtp.replyDelayMillis = 30;
		assertThat(Cli.approve(job, home).exitCode()).isZero();
		Path log = temp.resolve("child.log");
		Process child = ChildJvm.runSmtp(log, job, home, smtp.port());
		Path snapshot = home.resolve("status/mixpanel-2025-11.txt");
		ChildJvm.awaitWhileAlive(child, log, () -> {
			try {
				return smtp.accepted().size() >= 20 && Files.exists(snapshot) && Files.readString(snapshot).contains("sendStep");
			}
			catch (java.io.IOException ex) {
				return false;
			}
		});
		// Counted less often than the rest is refreshed, the notices say when they were counted.
		assertThat(snapshot).content().containsPattern("\nNotices as counted at \\d\\d:\\d\\d:\\d\\d UTC\\.\n$");
		return child;
	}

	/** Every accepted message is SENT, nothing is in flight or unknown, the rest waits. */
	private static void assertStoppedCleanly(Path home, ScriptedSmtpServer smtp) throws Exception {
		Map<String, Long> statuses = StateDb.statusCounts(home);
		assertThat(statuses.keySet()).containsOnly("SENT", "PENDING");
		assertThat(statuses.get("SENT")).isEqualTo(smtp.accepted().size());
		assertThat(StateDb.query(home, "SELECT status FROM BATCH_JOB_EXECUTION")).extracting(row -> row.get("status"))
			.containsExactly("STOPPED");
	}

	private static void resumeAndCheckEveryoneOnce(Path job, Path home, ScriptedSmtpServer smtp) throws Exception {
		smtp.replyDelayMillis = 0;
		Cli.Result resumed = Cli.runSmtp(job, home, smtp.port());
		assertThat(resumed.exitCode()).as(resumed.output()).isZero();
		assertThat(StateDb.statusCounts(home).keySet()).containsOnly("SENT");
		assertThat(smtp.deliveriesByRecipient().values()).allMatch(n -> n == 1);
		assertThat((long) smtp.deliveriesByRecipient().size()).isEqualTo(StateDb.statusCounts(home).get("SENT"));
		// The last snapshot shows the notices as the run left them (counted once, by the job's end).
		assertThat(home.resolve("status/mixpanel-2025-11.txt")).content()
			.contains("Incident mixpanel-2025-11: pending 0, sent " + StateDb.statusCounts(home).get("SENT") + "\n");
	}

}
