package org.example.breachnotice.notification;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.ChildJvm;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.Postgres;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** The end-to-end and restart guarantees again, with PostgreSQL as job repository and data store. */
@EnabledIfEnvironmentVariable(named = Postgres.URL_VARIABLE, matches = ".+")
class PostgresIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	static final String NOTICES = """
			SELECT notice_type, recipient_key, organization_id, locale, status FROM notice
			ORDER BY notice_type, recipient_key, organization_id""";

	@TempDir
	Path temp;

	/** A manager and its workers started at once on an empty database each run the schema script. */
	@Test
	void processesStartingAtOnceOnAnEmptyDatabaseEachGetTheWholeSchema() throws Exception {
		for (int round = 0; round < 3; round++) {
			Postgres postgres = Postgres.freshDatabase();
			List<java.util.concurrent.Callable<Void>> starts = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				starts.add(() -> {
					try (Connection connection = postgres.connect()) {
						new org.springframework.jdbc.datasource.init.ResourceDatabasePopulator(
								new org.springframework.core.io.ClassPathResource("db/postgresql/schema.sql"))
							.populate(connection);
					}
					return null;
				});
			}
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(starts.size());
			try {
				for (java.util.concurrent.Future<Void> start : pool.invokeAll(starts)) {
					start.get();
				}
			}
			finally {
				pool.shutdown();
			}
			assertThat(postgres.query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'ledger_entry'"))
				.containsExactly(Map.of("n", 1L));
		}
	}

	@Test
	void theEndToEndRunGivesTheSameNoticesAsOnTheEmbeddedDatabase() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), NotificationJobIntegrationTests.PEOPLE,
				NotificationJobIntegrationTests.ORGANIZATIONS, 0.2);
		Postgres postgres = Postgres.freshDatabase();

		Cli.Result onPostgres = Cli.runSmtp(job, temp.resolve("pg-home"), greenMail.getSmtp().getPort(),
				postgres.springArguments());
		Cli.Result onHsqldb = Cli.runSmtp(job, temp.resolve("hsqldb-home"), greenMail.getSmtp().getPort());

		assertThat(onPostgres.exitCode()).as(onPostgres.output()).isZero();
		assertThat(onHsqldb.exitCode()).isZero();
		assertThat(greenMail.getReceivedMessages()).hasSize(18);
		assertThat(postgres.query(NOTICES)).hasSize(9).isEqualTo(StateDb.query(temp.resolve("hsqldb-home"), NOTICES));
		assertThat(onPostgres.output()).contains("verified");
		// The send plans its page look-ups with the statistics the dedupe gathered (without them, a scan per page).
		assertThat(postgres.query("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
				+ " AND relname IN ('notice', 'notice_key', 'notice_organization', 'notice_jurisdiction') ORDER BY relname"))
			.extracting(row -> row.get("relname"))
			.containsExactly("notice", "notice_jurisdiction", "notice_key", "notice_organization");
	}

	@Test
	void aDryRunNeverWritesIntoThePostgresDatabase() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), NotificationJobIntegrationTests.PEOPLE,
				NotificationJobIntegrationTests.ORGANIZATIONS, 0.2);
		Postgres postgres = Postgres.freshDatabase();
		Path home = temp.resolve("home");
		List<String> args = new ArrayList<>(List.of("run", job.toString(), "--home", home.toString(), "--dry-run"));
		args.addAll(List.of(postgres.springArguments()));

		Cli.Result dry = Cli.run(args.toArray(String[]::new));

		assertThat(dry.exitCode()).as(dry.output()).isZero();
		assertThat(postgres.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
			.as("no schema, no notices, no job execution in the production database").isEmpty();
		assertThat(StateDb.query(home.resolve("dry-run"), "SELECT COUNT(*) AS n FROM notice")).containsExactly(Map.of("n", 9L));
	}

	@Test
	void fourPartitionsSendEveryoneExactlyOnceAcrossARelayFailureAndARestart() throws Exception {
		Path job = generatedJob(60);
		Postgres postgres = Postgres.freshDatabase();
		Path home = temp.resolve("home");
		Map<String, Integer> delivered = new HashMap<>();
		try (ScriptedSmtpServer dying = new ScriptedSmtpServer()) {
			dying.acceptLimit = 20;
			Cli.Result failed = Cli.runSmtp(job, home, dying.port(), with(postgres, "--connections=4"));
			assertThat(failed.exitCode()).as(failed.output()).isEqualTo(5);
			dying.deliveriesByRecipient().forEach((to, n) -> delivered.merge(to, n, Integer::sum));
		}
		// The relay accepted 20. When it goes away, a message it had accepted on another connection may
		// lose its 250: that notice is deferred with a doubtful attempt, never counted SENT unseen.
		long doubtful = (Long) postgres.query("SELECT COUNT(*) AS n FROM notice WHERE doubtful_attempts > 0").get(0).get("n");
		long sent = postgres.statusCounts().get("SENT");
		assertThat(sent).isLessThanOrEqualTo(20L);
		assertThat(sent + doubtful).isGreaterThanOrEqualTo(20L);
		assertThat(postgres.statusCounts()).doesNotContainKeys("SENDING", "UNKNOWN");

		Cli.Result resumed = Cli.runSmtp(job, home, greenMail.getSmtp().getPort(), with(postgres, "--connections=4"));

		assertThat(resumed.exitCode()).as(resumed.output()).isZero();
		for (MimeMessage message : greenMail.getReceivedMessages()) {
			delivered.merge(message.getAllRecipients()[0].toString().replaceAll(".*<|>.*", ""), 1, Integer::sum);
		}
		assertThat(postgres.statusCounts()).containsOnlyKeys("SENT");
		assertThat(delivered.keySet()).as("nobody missed").containsAll(postgres.query("SELECT recipient_email FROM notice")
			.stream().map(row -> ((String) row.get("recipient_email")).toLowerCase()).toList());
		Set<String> flagged = postgres.query("SELECT recipient_email FROM ledger_entry WHERE entry_type = 'NOTICE_SENT'"
				+ " AND payload LIKE '%\"possible_duplicate\":true%'").stream()
			.map(row -> ((String) row.get("recipient_email")).toLowerCase()).collect(Collectors.toSet());
		assertThat(delivered.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
			.as("a second copy only where the ledger flags it").allMatch(flagged::contains);
		assertThat(flagged).hasSizeLessThanOrEqualTo((int) doubtful);
	}

	@Test
	void aKillAtTheEndOfTheDataLeavesAtMostOneUnknownPerConnectionAndResendingFlagsEachSecondCopy() throws Exception {
		Path job = generatedJob(150);
		Postgres postgres = Postgres.freshDatabase();
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.replyDelayMillis = 30;
			assertThat(Cli.approve(job, home, postgres.springArguments()).exitCode()).isZero();
			Path log = temp.resolve("child.log");
			Process[] child = new Process[1];
			smtp.onPhase = (phase, accepted) -> {
				if (phase == ScriptedSmtpServer.Phase.END_OF_DATA && accepted == 25) {
					CrashRecoveryIntegrationTests.killNow(child[0]);
				}
			};
			child[0] = ChildJvm.runSmtp(log, job, home, smtp.port(), with(postgres, "--connections=4"));
			assertThat(child[0].waitFor()).isEqualTo(137);
			smtp.onPhase = (phase, accepted) -> {
			};
			smtp.replyDelayMillis = 0;

			Cli.Result resumed = Cli.runSmtp(job, home, smtp.port(), with(postgres, "--connections=4", "--resend-unknown"));

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			assertThat(resumed.output()).contains("left STARTED by a process that no longer runs");
			assertThat(postgres.statusCounts()).containsOnlyKeys("SENT");
			long unknown = (Long) postgres.query("SELECT COUNT(*) AS n FROM ledger_entry WHERE entry_type = 'NOTICE_UNKNOWN'")
				.get(0).get("n");
			assertThat(unknown).as("one message per connection at most").isBetween(1L, 4L);
			Set<String> everyone = postgres.query("SELECT recipient_email FROM notice").stream()
				.map(row -> ((String) row.get("recipient_email")).toLowerCase()).collect(Collectors.toSet());
			assertThat(smtp.deliveriesByRecipient().keySet()).as("nobody is missed").isEqualTo(everyone);
			Set<String> twice = CrashRecoveryIntegrationTests.twice(smtp);
			assertThat((long) twice.size()).as("second copies at most the unknown ones").isLessThanOrEqualTo(unknown);
			Set<String> flagged = postgres.query("SELECT recipient_email FROM ledger_entry WHERE entry_type = 'NOTICE_SENT'"
					+ " AND payload LIKE '%\"possible_duplicate\":true%'").stream()
				.map(row -> ((String) row.get("recipient_email")).toLowerCase()).collect(Collectors.toSet());
			assertThat(flagged).as("every second copy is flagged").containsAll(twice).hasSize((int) unknown);
		}
	}

	@Test
	void anIncidentHeldByAnotherLiveProcessIsNeitherRunNorRecovered() throws Exception {
		Path job = generatedJob(20);
		Postgres postgres = Postgres.freshDatabase();
		try (Connection other = postgres.connect();
				PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(hashtext('breach-notice:mixpanel-2025-11'))")) {
			lock.execute();

			Cli.Result refused = Cli.run(with(postgres, "run", job.toString(), "--home", temp.resolve("home").toString()));

			assertThat(refused.exitCode()).isEqualTo(3);
			assertThat(refused.output()).contains("Another process is running incident mixpanel-2025-11 against this database");
		}
	}

	private Path generatedJob(int rows) throws Exception {
		return TestJobs.generated(temp, rows, 3);
	}

	private static String[] with(Postgres postgres, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of(postgres.springArguments()));
		return all.toArray(String[]::new);
	}

}
