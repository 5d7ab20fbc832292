package org.example.breachnotice.schedule;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import org.example.breachnotice.bounces.BounceImport;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.cli.FullApplication;
import org.example.breachnotice.cli.RunText;
import org.example.breachnotice.notification.NotificationRunner;
import org.example.breachnotice.notification.RunOptions;
import org.example.breachnotice.testsupport.ChildJvm;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.MutableClock;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaveSchedulerIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

	@TempDir
	Path temp;

	/** The application on the scheduler's clock: the send step's wave gate reads the window's end on it. */
	private static ConfigurableApplicationContext startOn(Clock clock, String... args) {
		SpringApplication application = new SpringApplication(FullApplication.class);
		application.addInitializers(context -> ((GenericApplicationContext) context).registerBean("schedulerClock", Clock.class,
				() -> clock, definition -> definition.setPrimary(true)));
		return application.run(args);
	}

	@Test
	void wavesStartOnlyInTheWindowSendAtMostTheCapAndResumeUntilDone() throws Exception {
		Path job = TestJobs.sampleVariant(temp.resolve("job"), Map.of("templates: " + TestJobs.TEMPLATES,
				"templates: " + TestJobs.TEMPLATES + """

						schedule:
						  cron: "0 */10 * * * *"
						  zone: America/Sao_Paulo
						  window: {days: [MON, TUE, WED, THU, FRI], from: "09:00", to: "18:00"}
						  wave_cap: 100
						"""));
		Path home = temp.resolve("home");
		// Saturday 28 November 2026, 10:00 in São Paulo (13:00 UTC).
		MutableClock clock = new MutableClock(Instant.parse("2026-11-28T13:00:00Z"));
		try (ConfigurableApplicationContext context = startOn(clock, "--breach-notice.home=" + home)) {
			WaveScheduler scheduler = new WaveScheduler(context.getBean(NotificationRunner.class),
					context.getBean(BounceImport.class), null, clock,
					RunText.on(new PrintStream(new ByteArrayOutputStream())));
			scheduler.add(CampaignLoader.load(job), new RunOptions("pickup", false, null));

			assertThat(scheduler.tick()).as("Saturday: outside the window").isZero();
			clock.set(Instant.parse("2026-11-30T11:59:00Z")); // Monday 08:59
			assertThat(scheduler.tick()).as("before 09:00").isZero();
			clock.set(Instant.parse("2026-11-30T12:00:00Z")); // Monday 09:00
			assertThat(scheduler.tick()).isEqualTo(1);
			assertThat(StateDb.statusCountsWhileOpen(context)).containsEntry("SENT", 100L).containsEntry("PENDING", 139L);

			clock.set(Instant.parse("2026-11-30T12:05:00Z"));
			assertThat(scheduler.tick()).as("not due before 09:10").isZero();
			clock.set(Instant.parse("2026-11-30T12:10:00Z"));
			assertThat(scheduler.tick()).isEqualTo(1);
			assertThat(StateDb.statusCountsWhileOpen(context)).containsEntry("SENT", 200L);

			clock.set(Instant.parse("2026-11-30T21:00:00Z")); // Monday 18:00: the window closed
			assertThat(scheduler.tick()).isZero();
			clock.set(Instant.parse("2026-12-01T12:00:00Z")); // Tuesday 09:00
			assertThat(scheduler.tick()).isEqualTo(1);
			assertThat(StateDb.statusCountsWhileOpen(context)).containsOnly(Map.entry("SENT", 239L));
			assertThat(scheduler.allDone()).isTrue();
			clock.set(Instant.parse("2026-12-01T12:10:00Z"));
			assertThat(scheduler.tick()).as("a completed incident launches no more waves").isZero();
		}
	}

	@Test
	void serveReadsTheBounceMailboxOnItsOwnEveryIntervalAlsoAfterTheIncidentCompleted() throws Exception {
		GreenMailUser user = greenMail.setUser("bounces@example.com", "bounces", "s3cret");
		Path job = TestJobs.sampleVariant(temp.resolve("job"), Map.of("templates: " + TestJobs.TEMPLATES,
				"templates: " + TestJobs.TEMPLATES + "\n\nschedule:\n  cron: \"0 */10 * * * *\"\n  bounces_imap: imap://bounces@127.0.0.1:"
						+ greenMail.getImap().getPort() + "/INBOX\n  bounces_every: 15m\n"));
		Path home = temp.resolve("home");
		MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
		try (ConfigurableApplicationContext context = startOn(clock, "--breach-notice.home=" + home)) {
			WaveScheduler scheduler = new WaveScheduler(context.getBean(NotificationRunner.class),
					context.getBean(BounceImport.class), "s3cret", clock, RunText.on(new PrintStream(new ByteArrayOutputStream())));
			scheduler.add(CampaignLoader.load(job), new RunOptions("pickup", false, null));
			assertThat(scheduler.tick()).isEqualTo(1);
			assertThat(scheduler.allDone()).isTrue();

			var jdbc = context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
			Map<String, Object> notice = jdbc.queryForMap("SELECT recipient_email, message_id FROM notice ORDER BY id LIMIT 1");
			String report;
			try (var in = getClass().getResourceAsStream("/bounces/postfix-failed.eml")) {
				report = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("{{REPORT_ID}}", "serve-1")
					.replace("{{MESSAGE_ID}}", (String) notice.get("message_id")).replace("{{RECIPIENT}}", (String) notice.get("recipient_email"));
			}
			user.deliver(new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
					new java.io.ByteArrayInputStream(report.getBytes(java.nio.charset.StandardCharsets.UTF_8))));

			clock.set(Instant.parse("2026-11-30T12:10:00Z"));
			scheduler.tick();
			assertThat(StateDb.statusCountsWhileOpen(context)).as("not due before 12:15").doesNotContainKey("BOUNCED");
			clock.set(Instant.parse("2026-11-30T12:15:00Z"));
			scheduler.tick();
			assertThat(StateDb.statusCountsWhileOpen(context)).containsEntry("BOUNCED", 1L);
		}
	}

	@Test
	void serveKilledMidWaveRecoversAndResumesTheWaveWhenItStartsAgain() throws Exception {
		Path job = TestJobs.generated(temp, 120, 5);
		Files.writeString(job, "schedule:\n  cron: \"*/2 * * * * *\"\n", StandardOpenOption.APPEND);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.replyDelayMillis = 30;
			assertThat(Cli.approve(job, home).exitCode()).isZero();
			String[] serve = { "serve", job.toString(), "--home", home.toString(), "--operator=test-operator",
					"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port(), "--server.port=0" };
			Path log = temp.resolve("serve-1.log");
			Process first = ChildJvm.start(log, serve);
			ChildJvm.awaitWhileAlive(first, log, () -> smtp.accepted().size() >= 20);
			first.destroyForcibly();
			first.waitFor();
			smtp.replyDelayMillis = 0;

			String[] again = java.util.Arrays.copyOf(serve, serve.length + 1);
			again[serve.length] = "--exit-when-done";
			Process second = ChildJvm.start(temp.resolve("serve-2.log"), again);

			assertThat(second.waitFor()).isZero();
			assertThat(Files.readString(temp.resolve("serve-2.log"))).contains("left STARTED by a process that no longer runs",
					"completed; its schedule ends");
			Map<String, Long> statuses = StateDb.statusCounts(home);
			assertThat(statuses.keySet()).isSubsetOf("SENT", "UNKNOWN");
			assertThat(statuses.getOrDefault("UNKNOWN", 0L)).as("one batch in flight at most").isLessThanOrEqualTo(5);
			assertThat(smtp.deliveriesByRecipient().values()).allMatch(n -> n == 1);
		}
	}

	@Test
	void serveExposesTheSentCountOfAFinishedWaveOnThePrometheusEndpoint() throws Exception {
		Path job = TestJobs.sampleVariant(temp.resolve("job"), Map.of("templates: " + TestJobs.TEMPLATES,
				"templates: " + TestJobs.TEMPLATES + "\nschedule:\n  cron: \"* * * * * *\"\n"));
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path log = temp.resolve("serve.log");
		Process serve = ChildJvm.start(log, "serve", job.toString(), "--home", temp.resolve("home").toString(),
				"--server.port=" + port);
		try {
			HttpClient http = HttpClient.newHttpClient();
			HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build();
			ChildJvm.awaitWhileAlive(serve, log, () -> {
				try {
					return http.send(metrics, HttpResponse.BodyHandlers.ofString()).body()
						.contains("breach_notice_notices_total{outcome=\"SENT\"} 239.0");
				}
				catch (Exception ex) {
					return false;
				}
			});
			String body = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
			assertThat(body).contains("breach_notice_smtp_seconds_count 239", "breach_notice_send_rate", "spring_batch_job_launch_count");
			String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString()).body();
			assertThat(health).contains("\"status\":\"UP\"");
			java.net.InetAddress external = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
				.flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
				.filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
			if (external != null) {
				try (java.net.Socket probe = new java.net.Socket()) {
					assertThatThrownBy(() -> probe.connect(new java.net.InetSocketAddress(external, port), 2000))
						.as("the endpoints listen on loopback only, not on " + external).isInstanceOf(java.io.IOException.class);
				}
			}
		}
		finally {
			serve.destroy();
			serve.waitFor();
		}
		assertThat(Files.readString(log)).contains("launching a wave", "completed; its schedule ends");
	}

}
