package org.example.breachnotice.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.cli.FullApplication;
import org.example.breachnotice.notification.NotificationRunner;
import org.example.breachnotice.notification.RunOptions;
import org.example.breachnotice.notification.RunResult;

import org.example.breachnotice.testsupport.ArtemisBroker;
import org.example.breachnotice.testsupport.ChildJvm;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.Postgres;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Remote partitioning for real: an Artemis broker in its own JVM, PostgreSQL, two {@code worker}
 * child JVMs with two partitions each, and the manager ({@code run --workers remote}).
 */
class RemoteWorkersIntegrationTests {

	@TempDir
	Path temp;

	/** The worker JVMs a test started, stopped after it. */
	private final List<Process> workers = new ArrayList<>();

	@AfterEach
	void stopWorkers() throws InterruptedException {
		for (Process worker : workers) {
			worker.destroy();
			worker.waitFor();
		}
	}

	@Test
	void twoWorkersSendEveryRecipientExactlyOnceAndTheLedgerVerifies() throws Exception {
		Postgres postgres = freshPostgres();
		Path job = fourConnectionJob(300, 14);
		Path manager = temp.resolve("manager");
		try (ArtemisBroker broker = ArtemisBroker.start(temp.resolve("broker")); ScriptedSmtpServer relay = new ScriptedSmtpServer()) {
			List<String> shared = shared(postgres, broker);
			assertThat(Cli.approve(job, manager, shared.toArray(String[]::new)).exitCode()).isZero();
			int[] metricsPorts = { freePort(), freePort() };
			startWorker(manager, 1, relay, shared, "--server.port=" + metricsPorts[0]);
			startWorker(manager, 2, relay, shared, "--server.port=" + metricsPorts[1]);

			List<String> run = remoteRun(job, manager, shared);
			Cli.Result result = Cli.run(run.toArray(String[]::new));

			assertThat(result.exitCode()).as(result.output()).isZero();
			long notices = (Long) postgres.query("SELECT COUNT(*) AS n FROM notice").get(0).get("n");
			assertThat(postgres.query("SELECT status, COUNT(*) AS n FROM notice GROUP BY status"))
				.containsExactly(Map.of("status", "SENT", "n", notices));
			Map<String, Long> copies = relay.accepted().stream().map(message -> messageId(message.data()))
				.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
			assertThat(copies).as("every notice exactly once, by its Message-ID").hasSize((int) notices)
				.allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
			assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(postgres.query("SELECT message_id FROM notice")
				.stream().map(row -> (String) row.get("message_id")).toList());
			assertThat(postgres.query("SELECT COUNT(DISTINCT worker) AS workers, COUNT(*) AS partitions FROM partition_claim"))
				.as("the four partitions spread over both workers")
				.containsExactly(Map.of("workers", 2L, "partitions", 4L));
			List<String> verify = new ArrayList<>(List.of("ledger", "verify", "--home", manager.toString()));
			verify.addAll(shared);
			Cli.Result ledger = Cli.run(verify.toArray(String[]::new));
			assertThat(ledger.exitCode()).as(ledger.output()).isZero();
			double[] sent = { sentBy(metricsPorts[0]), sentBy(metricsPorts[1]) };
			assertThat(sent[0]).as("each worker's own Prometheus endpoint counts its own sends").isPositive();
			assertThat(sent[1]).isPositive();
			assertThat(sent[0] + sent[1]).isEqualTo((double) notices);
		}
	}

	@Test
	void aWorkerKilledMidSendFailsTheRunInBoundedTimeAndTheSameCommandCompletesItOnTheOtherWithoutASecondCopy()
			throws Exception {
		Postgres postgres = freshPostgres();
		Path job = fourConnectionJob(300, 15);
		Path manager = temp.resolve("manager");
		try (ArtemisBroker broker = ArtemisBroker.start(temp.resolve("broker")); ScriptedSmtpServer doomed = new ScriptedSmtpServer();
				ScriptedSmtpServer survivor = new ScriptedSmtpServer()) {
			doomed.replyDelayMillis = 40;
			List<String> shared = shared(postgres, broker, "--breach-notice.worker.dead-after=6s");
			assertThat(Cli.approve(job, manager, shared.toArray(String[]::new)).exitCode()).isZero();
			Process first = startWorker(manager, 1, doomed, shared);
			startWorker(manager, 2, survivor, shared);

			List<String> run = remoteRun(job, manager, shared);
			Path managerLog = temp.resolve("manager.log");
			Process managerRun = ChildJvm.start(managerLog, run.toArray(String[]::new));
			ChildJvm.awaitWhileAlive(managerRun, managerLog, () -> doomed.accepted().size() >= 5);
			first.destroyForcibly();
			Instant killed = Instant.now();

			assertThat(managerRun.waitFor(60, TimeUnit.SECONDS)).as("the manager notices the dead worker").isTrue();
			Duration noticed = Duration.between(killed, Instant.now());
			assertThat(managerRun.exitValue()).as(Files.readString(managerLog)).isEqualTo(5);
			assertThat(Files.readString(managerLog)).contains("stopped (last heartbeat");
			assertThat(noticed).as("within the 6 s dead-after, the 2 s beat and the 1 s polls").isLessThan(Duration.ofSeconds(20));
			List<String> status = new ArrayList<>(List.of("status", "--home", manager.toString()));
			status.addAll(shared);
			assertThat(Cli.run(status.toArray(String[]::new)).output()).contains("Workers (remote partitioning)", "DEAD", "alive");

			Cli.Result resumed = Cli.run(run.toArray(String[]::new));

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			Map<String, Long> copies = new java.util.HashMap<>();
			for (ScriptedSmtpServer relay : List.of(doomed, survivor)) {
				relay.accepted().forEach(message -> copies.merge(messageId(message.data()), 1L, Long::sum));
			}
			assertThat(copies.values()).as("no second copy of any notice").allMatch(n -> n == 1);
			Map<String, Object> unknown = postgres.query("SELECT COUNT(*) AS n FROM notice WHERE status = 'UNKNOWN'").get(0);
			assertThat(postgres.query("SELECT COUNT(*) AS n FROM notice WHERE status NOT IN ('SENT', 'UNKNOWN')").get(0))
				.as("nobody missed").containsEntry("n", 0L);
			assertThat((Long) unknown.get("n")).as("at most a batch in flight on each of the dead worker's two connections")
				.isLessThanOrEqualTo(10L);
			assertThat(copies.keySet()).containsAll(postgres.query("SELECT message_id FROM notice WHERE status = 'SENT'").stream()
				.map(row -> (String) row.get("message_id")).toList());
			System.out.printf("Dead worker noticed %d ms after kill -9; %s notice(s) UNKNOWN%n", noticed.toMillis(),
					unknown.get("n"));
		}
	}

	@Test
	void aBrokerKilledAndRestartedWithTheRequestsQueuedLosesNone() throws Exception {
		Postgres postgres = freshPostgres();
		Path job = fourConnectionJob(200, 16);
		Path manager = temp.resolve("manager");
		try (ArtemisBroker broker = ArtemisBroker.start(temp.resolve("broker")); ScriptedSmtpServer relay = new ScriptedSmtpServer()) {
			// No worker for a while: the watch must not give the queued partitions up meanwhile.
			List<String> shared = shared(postgres, broker, "--breach-notice.worker.dead-after=120s");
			assertThat(Cli.approve(job, manager, shared.toArray(String[]::new)).exitCode()).isZero();
			List<String> run = remoteRun(job, manager, shared);
			Path managerLog = temp.resolve("manager.log");
			Process managerRun = ChildJvm.start(managerLog, run.toArray(String[]::new));
			ChildJvm.awaitWhileAlive(managerRun, managerLog, () -> partitionsCreated(postgres) == 4);
			Thread.sleep(1000);

			broker.crashAndRestart();
			startWorker(manager, 1, relay, shared);
			startWorker(manager, 2, relay, shared);

			assertThat(managerRun.waitFor(90, TimeUnit.SECONDS)).as("the queued requests survive the broker's crash").isTrue();
			assertThat(managerRun.exitValue()).as(Files.readString(managerLog)).isZero();
			long notices = (Long) postgres.query("SELECT COUNT(*) AS n FROM notice").get(0).get("n");
			assertThat(postgres.query("SELECT status, COUNT(*) AS n FROM notice GROUP BY status"))
				.containsExactly(Map.of("status", "SENT", "n", notices));
			assertThat(relay.accepted()).hasSize((int) notices);
		}
	}

	@Test
	void aCappedWaveSendsAtMostTheCapOverAllWorkersAndTheNextWaveGoesOn() throws Exception {
		Postgres postgres = freshPostgres();
		Path job = fourConnectionJob(120, 17);
		Files.writeString(job, Files.readString(job).replace("  connections: 4\n", "  connections: 4\n  workers: remote\n"));
		Path manager = temp.resolve("manager");
		try (ArtemisBroker broker = ArtemisBroker.start(temp.resolve("broker")); ScriptedSmtpServer relay = new ScriptedSmtpServer()) {
			List<String> shared = shared(postgres, broker);
			assertThat(Cli.approve(job, manager, shared.toArray(String[]::new)).exitCode()).isZero();
			startWorker(manager, 1, relay, shared);
			startWorker(manager, 2, relay, shared);
			List<String> args = new ArrayList<>(shared);
			args.add("--breach-notice.home=" + manager);
			try (ConfigurableApplicationContext context = new SpringApplication(FullApplication.class)
				.run(args.toArray(String[]::new))) {
				NotificationRunner runner = context.getBean(NotificationRunner.class);
				Campaign campaign = CampaignLoader.load(job);

				RunResult first = runner.run(campaign, wave(7), event -> {
				});

				assertThat(first.ending()).isEqualTo(RunResult.Ending.STOPPED);
				assertThat(relay.accepted()).as("four partitions on two workers admit 7 together").hasSize(7);
				assertThat(postgres.query("SELECT COUNT(*) AS n FROM notice WHERE status = 'SENT'").get(0)).containsEntry("n", 7L);

				RunResult second = runner.run(campaign, wave(1000), event -> {
				});

				assertThat(second.ending()).as("a wave that stopped on a worker does not close the next").isEqualTo(
						RunResult.Ending.COMPLETED);
			}
			long notices = (Long) postgres.query("SELECT COUNT(*) AS n FROM notice").get(0).get("n");
			assertThat(postgres.query("SELECT status, COUNT(*) AS n FROM notice GROUP BY status"))
				.containsExactly(Map.of("status", "SENT", "n", notices));
			assertThat(relay.accepted().stream().map(message -> messageId(message.data())).distinct().count())
				.as("every notice once over both waves").isEqualTo(relay.accepted().size()).isEqualTo(notices);
		}
	}

	private static RunOptions wave(int cap) {
		return new RunOptions("smtp", false, "test-operator", new RunOptions.Wave(cap, null));
	}

	@Test
	void theStopCommandStopsTheWorkersPartitionsAndTheSameCommandResumes() throws Exception {
		Postgres postgres = freshPostgres();
		Path job = fourConnectionJob(300, 18);
		Path manager = temp.resolve("manager");
		try (ArtemisBroker broker = ArtemisBroker.start(temp.resolve("broker")); ScriptedSmtpServer relay = new ScriptedSmtpServer()) {
			relay.replyDelayMillis = 20;
			List<String> shared = shared(postgres, broker);
			assertThat(Cli.approve(job, manager, shared.toArray(String[]::new)).exitCode()).isZero();
			startWorker(manager, 1, relay, shared);
			startWorker(manager, 2, relay, shared);
			List<String> run = remoteRun(job, manager, shared);
			Path managerLog = temp.resolve("manager.log");
			Process managerRun = ChildJvm.start(managerLog, run.toArray(String[]::new));
			ChildJvm.awaitWhileAlive(managerRun, managerLog, () -> relay.accepted().size() >= 20);

			Cli.Result stop = Cli.run("stop", CampaignLoader.load(job).incidentId(), "--home", manager.toString());

			assertThat(stop.exitCode()).as(stop.output()).isZero();
			assertThat(managerRun.waitFor(60, TimeUnit.SECONDS)).as("the workers' partitions stop").isTrue();
			assertThat(managerRun.exitValue()).as(Files.readString(managerLog)).isEqualTo(4);
			int sentBeforeResume = relay.accepted().size();
			assertThat(postgres.query("SELECT COUNT(*) AS n FROM notice WHERE status NOT IN ('SENT', 'PENDING')").get(0))
				.as("a stop leaves nothing in doubt").containsEntry("n", 0L);
			assertThat(postgres.query("SELECT COUNT(*) AS n FROM notice WHERE status = 'PENDING'").get(0).get("n"))
				.as("stopped before the end").isNotEqualTo(0L);

			Cli.Result resumed = Cli.run(run.toArray(String[]::new));

			assertThat(resumed.exitCode()).as(resumed.output()).isZero();
			long notices = (Long) postgres.query("SELECT COUNT(*) AS n FROM notice").get(0).get("n");
			assertThat(relay.accepted().stream().map(message -> messageId(message.data())).distinct().count())
				.as("every notice once").isEqualTo(relay.accepted().size()).isEqualTo(notices);
			System.out.printf("Stopped with %d of %d notices sent; resumed to all%n", sentBeforeResume, notices);
		}
	}

	/** A database of its own for the test; skipped without a PostgreSQL server. */
	private static Postgres freshPostgres() throws Exception {
		assumeThat(System.getenv(Postgres.URL_VARIABLE)).as("a PostgreSQL server (.ci/run starts one)").isNotNull();
		return Postgres.freshDatabase();
	}

	private static long partitionsCreated(Postgres postgres) {
		try {
			return (Long) postgres.query("SELECT COUNT(*) AS n FROM batch_step_execution WHERE step_name LIKE 'sendPartition:%'")
				.get(0).get("n");
		}
		catch (java.sql.SQLException ex) {
			return 0;
		}
	}

	/** A generated dataset of so many people rows, sent over 4 connections: 4 partitions. */
	private Path fourConnectionJob(int rows, long seed) throws Exception {
		Path job = TestJobs.generated(temp, rows, seed);
		Files.writeString(job, Files.readString(job).replace("  chunk_size: 5\n", "  chunk_size: 5\n  connections: 4\n"));
		return job;
	}

	/** What every process of a test is given: the database, the broker, one anchor folder. */
	private List<String> shared(Postgres postgres, ArtemisBroker broker, String... extra) {
		List<String> shared = new ArrayList<>(List.of(postgres.springArguments()));
		shared.add("--spring.artemis.broker-url=" + broker.url());
		shared.add("--breach-notice.anchors=" + temp.resolve("anchors"));
		shared.addAll(List.of(extra));
		return shared;
	}

	/** The manager's command: a live send of the job with remote workers. */
	private static List<String> remoteRun(Path job, Path manager, List<String> shared) {
		List<String> run = new ArrayList<>(List.of("run", job.toString(), "--home", manager.toString(), "--transport=smtp",
				"--operator=test-operator", "--workers=remote"));
		run.addAll(shared);
		return run;
	}

	/** A worker JVM with the manager's ledger keys (one chain, one recipient HMAC key), sending to this relay. */
	private Process startWorker(Path manager, int number, ScriptedSmtpServer relay, List<String> shared, String... extra)
			throws Exception {
		Path home = temp.resolve("worker" + number);
		FileSystemUtils.copyRecursively(manager.resolve("secrets"), home.resolve("secrets"));
		Path log = temp.resolve("worker" + number + ".log");
		List<String> args = new ArrayList<>(List.of("worker", "--home", home.toString(), "--partitions", "2",
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + relay.port()));
		args.addAll(shared);
		args.addAll(List.of(extra));
		Process worker = ChildJvm.start(log, args.toArray(String[]::new));
		workers.add(worker);
		ChildJvm.awaitWhileAlive(worker, log, () -> contains(log, "Worker ready"));
		return worker;
	}

	@Test
	void remoteWorkersRefuseTheEmbeddedDatabase() throws Exception {
		Cli.Result refused = Cli.run("run", TestJobs.SAMPLE_JOB.toString(), "--home", temp.resolve("home").toString(),
				"--workers=remote");

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.output()).contains("they need PostgreSQL", "Nothing was started");
	}

	private static boolean contains(Path log, String text) {
		try {
			return Files.exists(log) && Files.readString(log).contains(text);
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	private static int freePort() throws java.io.IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** breach_notice_notices_total{outcome="SENT"} on a worker's /actuator/prometheus. */
	private static double sentBy(int port) throws Exception {
		String text = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher sent = Pattern.compile("(?m)^breach_notice_notices_total\\{outcome=\"SENT\"\\} (\\S+)$").matcher(text);
		assertThat(sent.find()).as(text).isTrue();
		return Double.parseDouble(sent.group(1));
	}

	private static String messageId(String data) {
		Matcher header = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\r\\n]+>)").matcher(data);
		assertThat(header.find()).as("a Message-ID header").isTrue();
		return header.group(1);
	}

}
