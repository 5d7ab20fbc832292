package org.example.breachnotice.notification;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.ChildJvm;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real child JVM killed with SIGKILL in the middle of sending, then the same command again.
 * The SMTP peer waits 30 ms before its final "250", so the kill usually lands in the one window
 * SMTP cannot close: the server has the message, the outbox does not know it yet. Claims and
 * outcomes are written per batch (chunk_size, 5 here), so the notices in flight at a kill are at
 * most one batch per connection.
 */
class CrashRecoveryIntegrationTests {

	@TempDir
	Path temp;

	@Test
	void atMostOnceByDefault_nobodyGetsTwoCopiesAndUnknownsAreAtMostTheInFlight() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			killMidSend(job, home, smtp);

			Cli.Result resumed = Cli.runSmtp(job, home, smtp.port());

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			Map<String, Long> statuses = StateDb.statusCounts(home);
			assertThat(statuses.keySet()).isSubsetOf("SENT", "UNKNOWN");
			long unknown = statuses.getOrDefault("UNKNOWN", 0L);
			assertThat(unknown).as("in flight at most: one claimed batch (chunk_size 5, one connection)").isLessThanOrEqualTo(5);
			assertThat(smtp.deliveriesByRecipient().values()).as("nobody gets two copies").allMatch(n -> n == 1);
			assertThat(addresses(home, "SENT")).isSubsetOf(smtp.deliveriesByRecipient().keySet());
			Set<String> sentOrUnknown = new HashSet<>(addresses(home, "SENT"));
			sentOrUnknown.addAll(addresses(home, "UNKNOWN"));
			assertThat(smtp.deliveriesByRecipient().keySet()).isSubsetOf(sentOrUnknown);
			if (unknown > 0) {
				assertThat(resumed.output()).contains(unknown + " notice(s) were in flight", "--resend-unknown");
			}
		}
	}

	@Test
	void withFourPartitionsAKillLeavesAtMostOneBatchPerPartitionInFlightAndNobodyGetsTwoCopies() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			killMidSend(job, home, smtp, "--connections=4");

			Cli.Result resumed = Cli.runSmtp(job, home, smtp.port(), "--connections=4");

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			Map<String, Long> statuses = StateDb.statusCounts(home);
			assertThat(statuses.keySet()).isSubsetOf("SENT", "UNKNOWN");
			assertThat(statuses.getOrDefault("UNKNOWN", 0L)).as("chunk_size 5 x 4 partitions").isLessThanOrEqualTo(20);
			assertThat(smtp.deliveriesByRecipient().values()).as("nobody gets two copies").allMatch(n -> n == 1);
			assertThat(smtp.connections()).isGreaterThanOrEqualTo(4);
		}
	}

	@Test
	void atLeastOnceWithResendUnknown_nobodyIsMissedAndDuplicatesAreAtMostTheInFlight() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			killMidSend(job, home, smtp);

			Cli.Result resumed = Cli.runSmtp(job, home, smtp.port(), "--resend-unknown");

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			assertThat(StateDb.statusCounts(home).keySet()).containsOnly("SENT");
			Set<String> everyone = addresses(home, "SENT");
			assertThat(smtp.deliveriesByRecipient().keySet()).as("nobody is missed").containsAll(everyone);
			int duplicates = smtp.deliveriesByRecipient().values().stream().mapToInt(n -> n - 1).sum();
			assertThat(duplicates).as("second copies only for the batch in flight (chunk_size 5)").isLessThanOrEqualTo(5);
		}
	}

	private Path job() throws Exception {
		return TestJobs.generated(temp, 150, 42);
	}

	/** Starts {@code run} in a child JVM and kills it with SIGKILL once 25 messages were accepted. */
	private void killMidSend(Path job, Path home, ScriptedSmtpServer smtp, String... extra) throws Exception {
		smtp.replyDelayMillis = 30;
		assertThat(Cli.approve(job, home).exitCode()).isZero();
		Path log = temp.resolve("child.log");
		Process child = ChildJvm.runSmtp(log, job, home, smtp.port(), extra);
		ChildJvm.awaitWhileAlive(child, log, () -> smtp.accepted().size() >= 25);
		child.destroyForcibly();
		child.waitFor();
		assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
		smtp.replyDelayMillis = 0;
	}

	private static Set<String> addresses(Path home, String status) throws Exception {
		return StateDb.query(home, "SELECT recipient_email FROM notice WHERE status = '" + status + "'").stream()
			.map(row -> ((String) row.get("recipient_email")).toLowerCase())
			.collect(Collectors.toSet());
	}

}
