package org.example.breachnotice.dedupe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DuplicateKeyException;
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
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.outbox.PartitionKeys;
import org.example.breachnotice.testsupport.StepLaunches;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

	@Autowired
	ApplicationContext context;

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
		assertThat(summary).as("without the reject gate's counts, the dedupe counts the rows itself")
			.containsEntry("people_rows_read", 4).containsEntry("organization_rows_read", 4)
			.containsEntry("people_rows_rejected", 0).containsEntry("organization_rows_rejected", 0);
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

	@Test
	void eachNoticeHasOneIdentityAndTheDatabaseRefusesASecondNoticeToOneRecipient() throws Exception {
		Campaign campaign = campaign("dedupe-key", "first", PEOPLE, ORGANIZATIONS);
		ingestAndDedupe(campaign);

		assertThat(jdbc.queryForList("""
				SELECT COUNT(*) FROM notice n JOIN notice_key k ON k.notice_id = n.id AND k.incident_id = n.incident_id
				  AND k.notice_type = n.notice_type AND k.recipient_key = n.recipient_key AND k.organization_id = n.organization_id
				WHERE n.incident_id = ?
				UNION ALL SELECT COUNT(*) FROM notice WHERE incident_id = ?
				UNION ALL SELECT COUNT(*) FROM notice_key WHERE incident_id = ?""", Long.class, campaign.incidentId(),
				campaign.incidentId(), campaign.incidentId()))
			.as("every notice's identity, and nothing else").containsExactly(5L, 5L, 5L);
		assertThatThrownBy(() -> jdbc.update("""
				INSERT INTO notice_key (incident_id, notice_type, recipient_key, organization_id, notice_id)
				VALUES (?, 'PERSON', 'ana@example.com', '', 999999)""", campaign.incidentId()))
			.isInstanceOf(DuplicateKeyException.class);
	}

	@Test
	void aStateFolderFromBeforeNoticeKeyIsMigratedAndItsPeopleAreNotNotifiedTwice() throws Exception {
		ingestAndDedupe(campaign("dedupe-legacy", "first", PEOPLE, null));
		// The layout before notice_key: the identity in a constraint on notice, and no notice_key rows.
		jdbc.update("DELETE FROM notice_key WHERE incident_id = 'dedupe-legacy'");
		jdbc.execute("ALTER TABLE notice ADD CONSTRAINT notice_once UNIQUE (incident_id, notice_type, recipient_key, organization_id)");

		context.getBean("noticeKeyMigration", InitializingBean.class).afterPropertiesSet();
		String later = PEOPLE.lines().findFirst().orElseThrow() + "\n" + "u2,org-a,Alpha,John Smith,john@example.org,,,US,,,,\n";
		ingestAndDedupe(campaign("dedupe-legacy", "second", later, null));

		assertThat(jdbc.queryForList("SELECT recipient_key FROM notice WHERE incident_id = 'dedupe-legacy'", String.class))
			.containsExactlyInAnyOrder("ana@example.com", "john@example.org", "carla@example.net");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notice_key WHERE incident_id = 'dedupe-legacy'", Long.class))
			.isEqualTo(3);
		assertThat(jdbc.queryForObject("""
				SELECT COUNT(*) FROM information_schema.table_constraints WHERE LOWER(constraint_name) = 'notice_once'""",
				Long.class)).as("the constraint is gone").isZero();
	}

	@Test
	void aDedupeThatFailsHalfwayThroughARangeAndIsRestartedCountsEveryoneOnce() throws Exception {
		// 300 people spread over the ranges, every tenth with a second row, every fifth notified by an earlier
		// dataset; one whose notice the database refuses, in a range after the first and after other people of
		// its own range.
		String refused = null;
		String header = PEOPLE.lines().findFirst().orElseThrow() + "\n";
		StringBuilder people = new StringBuilder(header);
		StringBuilder earlier = new StringBuilder(header);
		for (int i = 0; i < 300; i++) {
			String email = "p" + i + "@example.com";
			String row = "u%d,org-%d,Org %d,Person %d,%s,,,%s,,,,%n".formatted(i, i % 7, i % 7, i, email, i % 3 == 0 ? "BR" : "US");
			people.append(row).append(i % 10 == 0 ? row.replace(email, email.toUpperCase()).replace(",org-", ",org-x") : "");
			earlier.append(i % 5 == 0 ? row : "");
			if (refused == null && i % 5 != 0 && PartitionKeys.of(email) > 2 * PartitionKeys.COUNT / 16 + 20) {
				refused = email;
			}
		}
		ingestAndDedupe(campaign("dedupe-restart", "earlier", earlier.toString(), null));
		Campaign campaign = campaign("dedupe-restart", "first", people.toString(), ORGANIZATIONS);
		long earlierNotices = queries.counts(campaign.incidentId()).total();
		JobParameters parameters = parameters(campaign);
		for (String step : new String[] { IngestSteps.PEOPLE_STEP, IngestSteps.ORGANIZATIONS_STEP }) {
			assertThat(StepLaunches.start(jobs, step, parameters).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		}
		jdbc.execute("ALTER TABLE notice ADD CONSTRAINT refuse_one CHECK (recipient_key <> '" + refused + "')");
		try {
			assertThat(StepLaunches.start(jobs, DedupeSteps.STEP_NAME, parameters).getStatus()).isEqualTo(BatchStatus.FAILED);
		}
		finally {
			jdbc.execute("ALTER TABLE notice DROP CONSTRAINT refuse_one");
		}
		assertThat(queries.counts(campaign.incidentId()).total()).as("the ranges before the failure are kept")
			.isGreaterThan(earlierNotices);

		JobExecution restarted = StepLaunches.start(jobs, DedupeSteps.STEP_NAME, parameters);

		assertThat(restarted.getStatus()).as("%s", restarted.getAllFailureExceptions()).isEqualTo(BatchStatus.COMPLETED);
		Map<String, Object> summary = ledger.latest(campaign.incidentId(), "DEDUPE_SUMMARY").orElseThrow().fields();
		assertThat(summary).containsEntry("people", 300)
			.containsEntry("duplicates_merged", 30)
			.containsEntry("people_already_notified_by_earlier_datasets", 60);
		assertThat(longs(summary.get("notices_by_type_and_locale"))).as("what the outbox holds")
			.isEqualTo(totals(queries.countsBy(campaign.incidentId(), OutboxQueries.Dimension.TYPE_AND_LOCALE)));
		Map<String, Long> jurisdictions = totals(queries.countsBy(campaign.incidentId(), OutboxQueries.Dimension.JURISDICTION));
		jurisdictions.remove(OutboxQueries.Dimension.NONE);
		assertThat(longs(summary.get("notices_by_jurisdiction"))).isEqualTo(jurisdictions).containsEntry("BR", 100L);
	}

	private static Map<String, Long> totals(Map<String, NoticeCounts> counts) {
		Map<String, Long> totals = new TreeMap<>();
		counts.forEach((key, notices) -> totals.put(key, notices.total()));
		return totals;
	}

	/** A map of the ledger's JSON, whose numbers parse as the smallest type that holds them. */
	private static Map<String, Long> longs(Object map) {
		Map<String, Long> longs = new TreeMap<>();
		((Map<?, ?>) map).forEach((key, value) -> longs.put((String) key, ((Number) value).longValue()));
		return longs;
	}

	/** The two ingest steps, then dedupe, each launched alone by name; the summary it put in the ledger. */
	private Map<String, Object> ingestAndDedupe(Campaign campaign) {
		JobParameters parameters = parameters(campaign);
		for (String step : new String[] { IngestSteps.PEOPLE_STEP, IngestSteps.ORGANIZATIONS_STEP, DedupeSteps.STEP_NAME }) {
			JobExecution execution = StepLaunches.start(jobs, step, parameters);
			assertThat(execution.getStatus()).as("%s %s", step, execution.getAllFailureExceptions()).isEqualTo(BatchStatus.COMPLETED);
		}
		return ledger.latest(campaign.incidentId(), "DEDUPE_SUMMARY").orElseThrow().fields();
	}

	private static JobParameters parameters(Campaign campaign) {
		return RunParameters.of(campaign, "pickup", false, "test-operator")
			.addString(RunParameters.INPUTS, RunParameters.inputsOf(campaign))
			.toJobParameters();
	}

	private static Campaign campaign(String incident, String dataset, String people, String organizations) throws IOException {
		Path job = TestJobs.write(temp.resolve(incident + "-" + dataset), people, organizations, 0.2);
		Files.writeString(job, Files.readString(job).replace("id: mixpanel-2025-11", "id: " + incident));
		return CampaignLoader.load(job);
	}

}
