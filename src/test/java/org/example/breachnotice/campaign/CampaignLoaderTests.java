package org.example.breachnotice.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignLoaderTests {

	@TempDir
	Path temp;

	@Test
	void theShippedSampleLoadsWithTheSeedIncidentFacts() {
		Campaign campaign = CampaignLoader.load(TestJobs.SAMPLE_JOB);

		assertThat(campaign.incidentId()).isEqualTo("mixpanel-2025-11");
		assertThat(campaign.unauthorizedAccess()).isEqualTo(LocalDate.of(2025, 11, 9));
		assertThat(campaign.controllerLearned()).isEqualTo(LocalDate.of(2025, 11, 25));
		assertThat(campaign.officialDomain()).isEqualTo("example.com");
		assertThat(campaign.dataInvolved()).hasSize(6);
		assertThat(campaign.delivery().transport()).isEqualTo("pickup");
		assertThat(campaign.dataset().people()).isRegularFile();
	}

	@Test
	void anAliasBombAndDeepNestingAreRefusedAsBadJobFilesNamingTheFile() throws IOException {
		StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
		String previous = "a";
		for (String name : new String[] { "b", "c", "d", "e", "f", "g", "h", "i" }) {
			bomb.append(name).append(": &").append(name).append(" [").append(("*" + previous + ", ").repeat(8)).append('*')
				.append(previous).append("]\n");
			previous = name;
		}
		Path bombFile = java.nio.file.Files.writeString(temp.resolve("bomb.yaml"), bomb);
		Path deepFile = java.nio.file.Files.writeString(temp.resolve("deep.yaml"), "a: " + "[".repeat(100_000) + "]".repeat(100_000));

		assertThatThrownBy(() -> CampaignLoader.load(bombFile)).isInstanceOf(CampaignException.class)
			.hasMessageContaining(bombFile + ": not accepted as a job file: Number of aliases");
		assertThatThrownBy(() -> CampaignLoader.load(deepFile)).isInstanceOf(CampaignException.class)
			.hasMessageContaining(deepFile + ": not accepted as a job file: Nesting Depth exceeded");
	}

	@Test
	void anUnknownKeyIsNamedWithFileAndLine() throws IOException {
		Path job = variant("  controller_learned: 2025-11-25", "  controller_learned: 2025-11-25\n  learnt_on: 2025-11-25");

		assertThatThrownBy(() -> CampaignLoader.load(job)).isInstanceOf(CampaignException.class)
			.hasMessageContaining(job.toString())
			.hasMessageContaining("line 7")
			.hasMessageContaining("unknown key 'incident.learnt_on'");
	}

	@Test
	void theRetryScheduleIsReadAndAMalformedDurationOrAReplacedKeyIsNamed() throws IOException {
		Campaign.RetrySchedule retries = CampaignLoader.load(TestJobs.SAMPLE_JOB).delivery().retries();
		assertThat(retries).isEqualTo(Campaign.RetrySchedule.DEFAULT);
		Instant first = Instant.parse("2026-12-01T10:00:00Z");
		assertThat(retries.next(1, first, first)).isEqualTo(first.plusSeconds(60));
		assertThat(retries.next(9, first, first.plusSeconds(3600))).as("the last delay repeats").isEqualTo(first.plusSeconds(5 * 3600));
		assertThat(retries.next(9, first, first.plusSeconds(21 * 3600))).as("not past retry_for").isNull();

		Path malformed = variant("retry_schedule: [1m, 5m, 15m, 30m, 1h, 2h, 4h]", "retry_schedule: [1m, soon]");
		assertThatThrownBy(() -> CampaignLoader.load(malformed)).isInstanceOf(CampaignException.class)
			.hasMessageContaining(malformed.toString())
			.hasMessageContaining("'delivery.retry_schedule' must be a positive duration such as 30s, 5m, 24h or 500ms, not 'soon'");

		Path replaced = variant("  connect_attempts: 4", "  max_attempts: 4");
		assertThatThrownBy(() -> CampaignLoader.load(replaced)).isInstanceOf(CampaignException.class)
			.hasMessageContaining("delivery.max_attempts")
			.hasMessageContaining("no longer used: a notice refused with 4xx is retried on delivery.retry_schedule");
	}

	@Test
	void aMissingFactIsNamed() throws IOException {
		Path job = variant("  controller_learned: 2025-11-25       # the vendor shared the affected dataset with us\n", "");

		assertThatThrownBy(() -> CampaignLoader.load(job)).isInstanceOf(CampaignException.class)
			.hasMessageContaining(job.toString())
			.hasMessageContaining("missing required key 'incident.controller_learned'");
	}

	@Test
	void aMalformedDateIsNamedWithItsValue() throws IOException {
		Path job = variant("notice_date: 2025-11-27", "notice_date: 2025-13-01");

		assertThatThrownBy(() -> CampaignLoader.load(job)).isInstanceOf(CampaignException.class)
			.hasMessageContaining("line 7")
			.hasMessageContaining("'incident.notice_date' is '2025-13-01', which is not a date");
	}

	@Test
	void aMissingTranslationIsNamed() throws IOException {
		Path job = variant("    pt-BR: Removemos o fornecedor dos nossos serviços em produção e encerramos o uso dele\n", "");

		assertThatThrownBy(() -> CampaignLoader.load(job)).isInstanceOf(CampaignException.class)
			.hasMessageContaining("missing required key 'measures_taken[0].pt-BR'");
	}

	@Test
	void aSenderOutsideTheOfficialDomainIsRefused() throws IOException {
		Path job = variant("<security-notice@example.com>", "<security-notice@example-security.net>");

		assertThatThrownBy(() -> CampaignLoader.load(job)).isInstanceOf(CampaignException.class)
			.hasMessageContaining("'sender.from' uses the domain 'example-security.net'")
			.hasMessageContaining("official domain 'example.com'");
	}

	@Test
	void aMissingDatasetFileIsNamed() throws IOException {
		Path job = variant("people: data/people.csv", "people: data/nobody.csv");

		assertThatThrownBy(() -> CampaignLoader.load(job)).isInstanceOf(CampaignException.class)
			.hasMessageContaining("'dataset.people' points to")
			.hasMessageContaining("nobody.csv");
	}

	@Test
	void noticeDateBeforeTheControllerLearnedIsRefused() throws IOException {
		Path job = variant("notice_date: 2025-11-27", "notice_date: 2025-11-20");

		assertThatThrownBy(() -> CampaignLoader.load(job)).hasMessageContaining("'incident.notice_date' (2025-11-20) is before");
	}

	/** The sample job with one text replaced, written next to the sample's data folder. */
	private Path variant(String find, String replace) throws IOException {
		String sample = Files.readString(TestJobs.SAMPLE_JOB);
		assertThat(sample).contains(find);
		Path job = TestJobs.SAMPLE_JOB.resolveSibling("test-variant-" + temp.getFileName() + ".yaml");
		Files.writeString(job, sample.replace(find, replace));
		job.toFile().deleteOnExit();
		return job;
	}

}
