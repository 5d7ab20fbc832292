package org.example.breachnotice.dedupe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.cli.FullApplication;
import org.example.breachnotice.ingest.IngestSteps;
import org.example.breachnotice.ledger.CanonicalJson;
import org.example.breachnotice.ledger.LedgerStore;
import org.example.breachnotice.notification.NotificationJobConfiguration;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.testsupport.StepLaunches;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dedupe step on its own, after the ingest steps, each launched by name: who gets a notice,
 * with which organizations and locale, what the summary counts, and that a second dataset of the
 * same incident notifies only the people the first one did not.
 */
@SpringBatchTest
@SpringBootTest(classes = FullApplication.class)
class DedupeStepsIntegrationTests {

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-a,Alpha,Ana Souza,ana@example.com,,,BR,,,,
			u1,org-b,Beta,Ana Souza,ANA@Example.COM,,,BR,,,,en
			u2,org-a,Alpha,John Smith,john@example.org,,,US,,,,
			u3,org-b,Beta,Carla Dias,carla@example.net,,,PT,,,,
			""";

	static final String ORGANIZATIONS = """
			organization_id,organization_name,admin_name,admin_email,country,locale
			org-a,Alpha,Admin Alpha,admin@alpha.example,BR,
			org-a,Alpha,Admin Alpha,ADMIN@alpha.example,BR,
			org-a,Alpha,Ops,ops@alpha.example,BR,en
			org-c,Gamma,Admin Gamma,admin@gamma.example,US,
			""";

	@TempDir
	static Path temp;

	@DynamicPropertySource
	static void home(DynamicPropertyRegistry properties) {
		properties.add("breach-notice.home", () -> temp.resolve("home").toString());
	}

	@Autowired
	JobOperatorTestUtils jobs;

	@Autowired
	@Qualifier(NotificationJobConfiguration.JOB_NAME)
	Job notificationJob;

	@Autowired
	OutboxQueries queries;

	@Autowired
	LedgerStore ledger;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void driveTheNotificationJob() {
		jobs.setJob(notificationJob);
	}

	@Test
	void onePersonNoticePerAddressNamingEachOrganizationAndOneOrganizationNoticePerAdminAddress() throws Exception {
		Campaign campaign = campaign("dedupe-one", "first", PEOPLE, ORGANIZATIONS);

		Map<String, Object> summary = ingestAndDedupe(campaign);

		Map<String, String> persons = Map.of("ana@example.com", "en", "john@example.org", "en", "carla@example.net",
				"pt-BR");
		assertThat(jdbc.queryForList("SELECT recipient_key, locale FROM notice WHERE incident_id = ? AND notice_type = 'PERSON'",
				campaign.incidentId()))
			.as("one per normalized address; the locale of the first row that names one, else the country's")
			.hasSize(3)
			.allSatisfy(row -> assertThat(persons).containsEntry((String) row.get("recipient_key"), (String) row.get("locale")));
		assertThat(jdbc.queryForList("""
				SELECT o.organization_id FROM notice_organization o JOIN notice n ON n.id = o.notice_id
				WHERE n.incident_id = ? AND n.recipient_key = 'ana@example.com' ORDER BY o.organization_id""", String.class,
				campaign.incidentId())).containsExactly("org-a", "org-b");
		assertThat(jdbc.queryForList("""
				SELECT recipient_key || ' ' || organization_id || ' ' || affected_people FROM notice
				WHERE incident_id = ? AND notice_type = 'ORGANIZATION' ORDER BY recipient_key""", String.class,
				campaign.incidentId()))
			.as("org-c has no affected person; org-b has no admin contact")
			.containsExactly("admin@alpha.example org-a 2", "ops@alpha.example org-a 2");
		assertThat(summary).containsEntry("people", 3)
			.containsEntry("duplicates_merged", 1)
			.containsEntry("organizations", 2)
			.containsEntry("admin_contacts", 2)
			.containsEntry("organizations_without_admin_contact", 1)
			.containsEntry("admin_rows_for_unaffected_organizations", 1);
		assertThat(Files.readString(temp.resolve("home/out/dedupe-one/summary.json")))
			.as("the summary file says what the ledger says").isEqualTo(CanonicalJson.write(summary) + "\n");
		assertThat(queries.counts(campaign.incidentId()).total()).isEqualTo(5);
	}

	@Test
	void aSecondDatasetOfTheIncidentNotifiesOnlyThePeopleTheFirstDidNot() throws Exception {
		ingestAndDedupe(campaign("dedupe-two", "first", PEOPLE, null));
		String later = PEOPLE.lines().findFirst().orElseThrow() + "\n"
				+ "u2,org-a,Alpha,John Smith,JOHN@example.org,,,US,,,,\nu9,org-a,Alpha,New Person,new@example.com,,,BR,,,,\n";
		Campaign second = campaign("dedupe-two", "second", later, null);

		Map<String, Object> summary = ingestAndDedupe(second);

		assertThat(jdbc.queryForList("SELECT recipient_key FROM notice WHERE incident_id = ? AND notice_type = 'PERSON'",
				String.class, second.incidentId()))
			.containsExactlyInAnyOrder("ana@example.com", "john@example.org", "carla@example.net", "new@example.com");
		assertThat(summary).containsEntry("people", 2).containsEntry("people_already_notified_by_earlier_datasets", 1);
	}

	/** The two ingest steps, then dedupe, each launched alone by name; the summary it put in the ledger. */
	private Map<String, Object> ingestAndDedupe(Campaign campaign) {
		JobParameters parameters = RunParameters.of(campaign, "pickup", false, "test-operator")
			.addString(RunParameters.INPUTS, RunParameters.inputsOf(campaign))
			.toJobParameters();
		for (String step : new String[] { IngestSteps.PEOPLE_STEP, IngestSteps.ORGANIZATIONS_STEP, DedupeSteps.STEP_NAME }) {
			assertThat(StepLaunches.start(jobs, step, parameters).getStatus()).as(step).isEqualTo(BatchStatus.COMPLETED);
		}
		return ledger.latest(campaign.incidentId(), "DEDUPE_SUMMARY").orElseThrow().fields();
	}

	private static Campaign campaign(String incident, String dataset, String people, String organizations) throws IOException {
		Path job = TestJobs.write(temp.resolve(incident + "-" + dataset), people, organizations, 0.2);
		Files.writeString(job, Files.readString(job).replace("id: mixpanel-2025-11", "id: " + incident));
		return CampaignLoader.load(job);
	}

}
