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
import org.example.breachnotice.testsupport.ScriptedSmtpServer.Phase;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real child JVM killed with SIGKILL at a chosen point of one SMTP transaction, then the same
 * command again. The relay kills the child from inside the session, so the point is exact: before
 * MAIL FROM (the attempt started, nothing reached the relay), at the end of the data (the relay has
 * the message, the client has no reply) and after the final reply (the relay has it and said so; the
 * batch's outcomes are not yet committed). Claims are per batch of 5 (chunk_size); the attempt
 * journal must bring what is in doubt down to what SMTP itself cannot know.
 */
class CrashRecoveryIntegrationTests {

	@TempDir
	Path temp;

	/** Message 26 is the first of the batch 26-30: its MAIL FROM goes out after every reply before it was read. */
	@Test
	void aKillBeforeMailFromLeavesNothingInDoubt() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			killAt(Phase.MAIL_FROM, 26, job, home, smtp);

			Cli.Result resumed = Cli.runSmtp(job, home, smtp.port());

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			assertThat(StateDb.statusCounts(home).keySet()).containsOnly("SENT");
			assertThat(smtp.deliveriesByRecipient().values()).as("nobody gets two copies").allMatch(n -> n == 1);
			assertThat(smtp.deliveriesByRecipient().keySet()).as("nobody is missed").containsAll(addresses(home, "SENT"));
			assertThat(resumed.output()).contains("0 UNKNOWN");
		}
	}

	/**
	 * Message 25 is the last of the batch 21-25: its MAIL FROM rode behind the end of message 24's
	 * data, whose reply was still in transit. That reply, and only it, is in doubt.
	 */
	@Test
	void aKillAtAMailFromThatRodeBehindAnEndOfDataLeavesOnlyThatEndInDoubt() throws Exception {
		resumedWithOnlyTheKeptMessageUnknown(Phase.MAIL_FROM, 25);
	}

	@Test
	void aKillAtTheEndOfTheDataLeavesOnlyThatMessageUnknown() throws Exception {
		Cli.Result resumed = resumedWithOnlyTheKeptMessageUnknown(Phase.END_OF_DATA, 23);

		assertThat(resumed.output()).contains("1 notice(s) in flight are now UNKNOWN", "--resend-unknown");
		Cli.assertTableAgreesWithLedger(temp.resolve("home"));
	}

	/** Killed at that point, then run again: one notice UNKNOWN, a message the relay kept, and nobody twice. */
	private Cli.Result resumedWithOnlyTheKeptMessageUnknown(Phase phase, int number) throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			killAt(phase, number, job, home, smtp);

			Cli.Result resumed = Cli.runSmtp(job, home, smtp.port());

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			assertThat(StateDb.statusCounts(home)).containsOnlyKeys("SENT", "UNKNOWN").containsEntry("UNKNOWN", 1L);
			assertThat(smtp.deliveriesByRecipient().values()).as("nobody gets two copies").allMatch(n -> n == 1);
			assertThat(smtp.deliveriesByRecipient().keySet()).as("the unknown one is the message the relay kept")
				.containsAll(addresses(home, "UNKNOWN"))
				.containsAll(addresses(home, "SENT"));
			return resumed;
		}
	}

	@Test
	void aKillAtTheEndOfTheDataWithResendUnknownMissesNobodyAndFlagsTheSecondCopy() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			killAt(Phase.END_OF_DATA, 23, job, home, smtp);

			Cli.Result resumed = Cli.runSmtp(job, home, smtp.port(), "--resend-unknown");

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			assertThat(StateDb.statusCounts(home).keySet()).containsOnly("SENT");
			assertThat(smtp.deliveriesByRecipient().keySet()).as("nobody is missed").containsAll(addresses(home, "SENT"));
			Set<String> twice = twice(smtp);
			assertThat(twice).as("the one message in doubt, sent again").hasSize(1);
			assertThat(flaggedInLedger(home)).as("every second copy flagged, nothing else").isEqualTo(twice);
			Cli.assertTableAgreesWithLedger(home);
		}
	}

	@Test
	void aKillAfterTheFinalReplyIsSettledFromTheJournalNotGuessed() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			// Message 23 is the third of the batch 21-25: 21 and 22 are journaled SENT, not yet committed.
			killAt(Phase.FINAL_REPLY, 23, job, home, smtp);

			Cli.Result resumed = Cli.runSmtp(job, home, smtp.port());

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			assertThat(StateDb.statusCounts(home).getOrDefault("UNKNOWN", 0L)).as("at most the one whose reply was in transit")
				.isLessThanOrEqualTo(1);
			assertThat(smtp.deliveriesByRecipient().values()).as("nobody gets two copies").allMatch(n -> n == 1);
			assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM ledger_entry WHERE entry_type = 'NOTICE_SENT'"
					+ " AND payload LIKE '%\"recovered_from\":\"recovery\"%'").get(0).get("n"))
				.as("the journaled outcomes become ledger entries").satisfies(n -> assertThat(((Number) n).intValue()).isGreaterThanOrEqualTo(2));
			Set<String> sentOrUnknown = new HashSet<>(addresses(home, "SENT"));
			sentOrUnknown.addAll(addresses(home, "UNKNOWN"));
			assertThat(sentOrUnknown).isEqualTo(smtp.deliveriesByRecipient().keySet());
		}
	}

	@Test
	void withFourConnectionsAKillLeavesAtMostOneUnknownPerConnection() throws Exception {
		Path job = job();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.replyDelayMillis = 30;
			killAt(Phase.END_OF_DATA, 25, job, home, smtp, "--connections=4");
			smtp.replyDelayMillis = 0;

			Cli.Result resumed = Cli.runSmtp(job, home, smtp.port(), "--connections=4");

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			Map<String, Long> statuses = StateDb.statusCounts(home);
			assertThat(statuses.keySet()).isSubsetOf("SENT", "UNKNOWN");
			assertThat(statuses.get("UNKNOWN")).as("one message per connection at most").isBetween(1L, 4L);
			assertThat(smtp.deliveriesByRecipient().values()).as("nobody gets two copies").allMatch(n -> n == 1);
			assertThat(smtp.connections()).isGreaterThanOrEqualTo(4);
		}
	}

	private Path job() throws Exception {
		return TestJobs.generated(temp, 150, 42);
	}

	/** Starts {@code run} in a child JVM; the relay kills it with SIGKILL at that phase of message {@code number}. */
	private void killAt(Phase phase, int number, Path job, Path home, ScriptedSmtpServer smtp, String... extra) throws Exception {
		assertThat(Cli.approve(job, home).exitCode()).isZero();
		Path log = temp.resolve("child.log");
		Process[] child = new Process[1];
		smtp.onPhase = (at, accepted) -> {
			if (at == phase && accepted == (phase == Phase.MAIL_FROM ? number - 1 : number)) {
				killNow(child[0]);
			}
		};
		child[0] = ChildJvm.runSmtp(log, job, home, smtp.port(), extra);
		assertThat(child[0].waitFor()).as("killed by SIGKILL").isEqualTo(137);
		smtp.onPhase = (at, accepted) -> {
		};
	}

	static void killNow(Process child) {
		child.destroyForcibly();
		try {
			child.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static Set<String> twice(ScriptedSmtpServer smtp) {
		return smtp.deliveriesByRecipient().entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
			.collect(Collectors.toSet());
	}

	/** The recipients whose final NOTICE_SENT entry says a second copy is possible. */
	static Set<String> flaggedInLedger(Path home) throws Exception {
		return StateDb.query(home, "SELECT recipient_email FROM ledger_entry WHERE entry_type = 'NOTICE_SENT'"
				+ " AND payload LIKE '%\"possible_duplicate\":true%'").stream()
			.map(row -> ((String) row.get("recipient_email")).toLowerCase())
			.collect(Collectors.toSet());
	}

	private static Set<String> addresses(Path home, String status) throws Exception {
		return StateDb.query(home, "SELECT recipient_email FROM notice WHERE status = '" + status + "'").stream()
			.map(row -> ((String) row.get("recipient_email")).toLowerCase())
			.collect(Collectors.toSet());
	}

}
