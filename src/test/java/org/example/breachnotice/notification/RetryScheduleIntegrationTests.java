package org.example.breachnotice.notification;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.cli.FullApplication;
import org.example.breachnotice.cli.RunText;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.FastClock;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deferred notices: a 4xx reply puts a notice on its retry schedule while the partition goes on;
 * due retries run in the same run (connections closed while it waits); retries due later end the
 * run with exit 7, and the same command picks them up.
 */
class RetryScheduleIntegrationTests {

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-a,Alpha,Grey One,greylist.one@example.com,,,BR,,,,
			u2,org-a,Alpha,Fine One,fine.one@example.com,,,BR,,,,
			u3,org-a,Alpha,Fine Two,fine.two@example.com,,,US,,,,
			u4,org-a,Alpha,Fine Three,fine.three@example.com,,,US,,,,
			u5,org-b,Beta,Grey Two,greylist.two@example.com,,,BR,,,,
			u6,org-b,Beta,Fine Four,fine.four@example.com,,,BR,,,,
			u7,org-b,Beta,Fine Five,fine.five@example.com,,,US,,,,
			u8,org-b,Beta,Fine Six,fine.six@example.com,,,US,,,,
			""";

	/** Ten minutes of the job's and the relay's clock pass in one real second. */
	static final FastClock CLOCK = new FastClock(600);

	/**
	 * Given to this test's context as a source. No {@code @Configuration}: the component scan of every
	 * other context started in this JVM would pick it up and run it on this clock too.
	 */
	static class FastClockConfiguration {

		@Bean
		@Primary
		Clock fastClock() {
			return CLOCK;
		}

	}

	@TempDir
	Path temp;

	@Test
	void aRelayThatGreylistsForFiveMinutesGetsEveryNoticeOnTheDefaultSchedule() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, null, 0.0);
		Files.writeString(job, Files.readString(job).replace("  retry_schedule: [50ms]\n  retry_for: 400ms\n", ""));
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			smtp.clock = CLOCK;
			smtp.greylistFor = Duration.ofMinutes(5);
			assertThat(Cli.approve(job, home).exitCode()).isZero();
			ByteArrayOutputStream output = new ByteArrayOutputStream();
			int code;
			try (ConfigurableApplicationContext context = SpringApplication.run(
					new Class<?>[] { FullApplication.class, FastClockConfiguration.class },
					new String[] { "--breach-notice.home=" + home, "--spring.mail.host=127.0.0.1",
							"--spring.mail.port=" + smtp.port() })) {
				RunText text = RunText.on(new PrintStream(output, true, StandardCharsets.UTF_8));
				code = text.ended(context.getBean(NotificationRunner.class).run(CampaignLoader.load(job),
						new RunOptions("smtp", false, "test-operator"), text::progress));
			}

			assertThat(code).as(output.toString(StandardCharsets.UTF_8)).isZero();
			assertThat(StateDb.statusCounts(home)).containsOnlyKeys("SENT");
			assertThat(smtp.deliveriesByRecipient().values()).allMatch(n -> n == 1);
			assertThat(smtp.deliveriesByRecipient()).containsKeys("greylist.one@example.com", "greylist.two@example.com");
			// Refused at once and after 1 minute, accepted at the next attempt 5 minutes later.
			assertThat(List.of(smtp.rcptCount("greylist.one@example.com"), smtp.rcptCount("greylist.two@example.com")))
				.containsOnly(3);
			assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM ledger_entry WHERE entry_type = 'NOTICE_DEFERRED'"
					+ " AND payload LIKE '%\"next_attempt_at\"%' AND payload LIKE '%\"reply_code\":450%'"))
				.containsExactly(Map.of("n", 4L));
			Cli.assertTableAgreesWithLedger(home);
		}
	}

	@Test
	void aRetryDueLaterThanTheRunWaitsForEndsTheRunWithExitSevenAndTheSameCommandPicksItUp() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE.replace("greylist.", "busy."), null, 0.0);
		Files.writeString(job, Files.readString(job).replace("retry_schedule: [50ms]", "retry_schedule: [2h]")
			.replace("retry_for: 400ms", "retry_for: 24h"));
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			Cli.Result deferred = Cli.runSmtp(job, home, smtp.port());

			assertThat(deferred.exitCode()).as(deferred.output()).isEqualTo(7);
			assertThat(deferred.output()).contains("Deferred: 2 notice(s) wait for their next attempt",
					"warning: deferred person notices in BR are retried until", "after the legal deadline (2025-11-28)");
			assertThat(StateDb.statusCounts(home)).containsEntry("DEFERRED", 2L).containsEntry("SENT", 6L);
			assertThat(Cli.run("status", "mixpanel-2025-11", "--home", home.toString()).output()).contains("deferred 2");

			Cli.Result early = Cli.runSmtp(job, home, smtp.port());
			assertThat(early.exitCode()).as("not due yet: nothing is tried").isEqualTo(7);
			assertThat(smtp.rcptCount("busy.one@example.com")).isEqualTo(1);

			smtp.deferBusy = false;
			StateDb.update(home, "UPDATE notice SET next_attempt_at = TIMESTAMP '2000-01-01 00:00:00' WHERE status = 'DEFERRED'");
			Cli.Result due = Cli.runSmtp(job, home, smtp.port());

			assertThat(due.exitCode()).as(due.output()).isZero();
			assertThat(StateDb.statusCounts(home)).containsOnlyKeys("SENT");
			assertThat(smtp.deliveriesByRecipient()).hasSize(8).allSatisfy((to, n) -> assertThat(n).isEqualTo(1));
		}
	}

}
