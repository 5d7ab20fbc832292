package org.example.breachnotice.notification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.batch.test.StepScopeTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignException;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.cli.FullApplication;
import org.example.breachnotice.dedupe.DedupeSteps;
import org.example.breachnotice.delivery.SendSteps;
import org.example.breachnotice.ingest.IngestSteps;
import org.example.breachnotice.ledger.LedgerStore;
import org.example.breachnotice.ledger.RunStarted;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.testsupport.StepLaunches;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The declared jobs driven by Spring Batch Test: the whole notification job from its job
 * parameters alone, single steps by name, and step-scoped components in a step scope made from
 * {@link MetaDataInstanceFactory}. Each test has an incident of its own in the class's database.
 */
@SpringBatchTest
@SpringBootTest(classes = FullApplication.class)
class NotificationJobConfigurationIntegrationTests {

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-a,Alpha,Ana Souza,ana@example.com,,,BR,,,,
			u1,org-b,Beta,Ana Souza,ANA@Example.com,,,BR,,,,
			u2,org-a,Alpha,John Smith,john@example.org,,,US,,,,en
			u3,org-b,Beta,Carla Dias,carla@example.net,,,BR,,,,
			u4,,Beta,No Organization,noorg@example.com,,,BR,,,,
			""";

	static final String ORGANIZATIONS = """
			organization_id,organization_name,admin_name,admin_email,country,locale
			org-a,Alpha,Admin Alpha,admin@alpha.example,BR,
			org-b,Beta,Admin Beta,admin@beta.example,US,en
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
	void theJobRunsFromItsParametersAloneThroughItsStepsInOrder() throws Exception {
		Campaign campaign = campaign("declared-job", PEOPLE, ORGANIZATIONS, 2);

		JobExecution execution = jobs.startJob(parameters(campaign, "pickup"));

		assertThat(execution.getStatus()).as(execution.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(stepNames(execution)).containsExactly(NotificationJobConfiguration.TEMPLATE_CHECK_STEP,
				IngestSteps.PEOPLE_STEP, IngestSteps.ORGANIZATIONS_STEP, IngestSteps.REJECT_GATE_STEP, DedupeSteps.STEP_NAME,
				NotificationJobConfiguration.IN_FLIGHT_RECOVERY_STEP, NotificationJobConfiguration.JURISDICTION_CHECK_STEP,
				SendSteps.STEP, SendSteps.PARTITION_STEP + ":partition0", SendSteps.PARTITION_STEP + ":partition1");
		// Ana (two rows, one address), John and Carla; the admins of org-a and org-b. The row without organization is rejected.
		assertThat(queries.counts(campaign.incidentId()).byStatus()).containsEntry(NoticeStatus.SENT, 5L)
			.allSatisfy((status, n) -> assertThat(n).isEqualTo(status == NoticeStatus.SENT ? 5L : 0L));
		try (Stream<Path> messages = Files.list(temp.resolve("home/out/declared-job/outbox"))) {
			assertThat(messages.filter(file -> file.toString().endsWith(".eml"))).hasSize(5);
		}
		assertThat(ledger.lastRunStarted(campaign.incidentId())).hasValueSatisfying(
				started -> assertThat(started.jobFile()).isEqualTo(campaign.jobFile().toAbsolutePath()));
		assertThat(ledger.latest(campaign.incidentId(), "RUN_FINISHED")).hasValueSatisfying(
				finished -> assertThat(finished.fields()).containsEntry("status", "COMPLETED"));
	}

	@Test
	void everyStepIsABeanFoundByItsNameAsARemoteWorkerWouldFindIt() {
		assertThat(((StepLocator) notificationJob).getStep(SendSteps.STEP).getName()).isEqualTo(SendSteps.STEP);
		assertThat(context.getBean(SendSteps.PARTITION_STEP, Step.class).getName()).isEqualTo(SendSteps.PARTITION_STEP);
	}

	@Test
	void theIngestStepAloneStagesTheValidRowsAndRejectsTheOthersByLine() {
		Campaign campaign = campaign("ingest-alone", PEOPLE, ORGANIZATIONS, 1);
		JobParameters parameters = parameters(campaign, "pickup");

		JobExecution execution = StepLaunches.start(jobs, IngestSteps.PEOPLE_STEP, parameters);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		StepExecution step = execution.getStepExecutions().iterator().next();
		assertThat(step.getReadCount()).isEqualTo(5);
		String runKey = new RunParameters(parameters).runKey();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM person_row WHERE run_key = ?", Long.class, runKey)).isEqualTo(4);
		assertThat(jdbc.queryForList("SELECT line_no FROM reject_row WHERE run_key = ?", Long.class, runKey)).containsOnly(6L);
		assertThat(queries.counts(campaign.incidentId()).total()).as("no notice before dedupe").isZero();
	}

	@Test
	void theRejectGateAloneStopsAJobWhoseFileIsMostlyRejectedAndLedgersTheCount() {
		String mostlyBroken = PEOPLE.lines().limit(2).reduce("", (a, b) -> a + b + "\n")
				+ "u5,,Beta,A,a@example.com,,,BR,,,,\nu6,,Beta,B,b@example.com,,,BR,,,,\nu7,,Beta,C,not-an-address,,,BR,,,,\n";
		Campaign campaign = campaign("gate-alone", mostlyBroken, null, 1);
		JobParameters parameters = parameters(campaign, "pickup");
		assertThat(StepLaunches.start(jobs, IngestSteps.PEOPLE_STEP, parameters).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		JobExecution gate = StepLaunches.start(jobs, IngestSteps.REJECT_GATE_STEP, parameters);

		assertThat(gate.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(gate.getAllFailureExceptions()).singleElement()
			.satisfies(error -> assertThat(error.getMessage()).contains("3 of 4 people rows (75.0%) were rejected",
					"Nothing was sent"));
		assertThat(temp.resolve("home/out/gate-alone/rejects.csv")).exists();
		assertThat(ledger.latest(campaign.incidentId(), "INGEST_REJECTS")).hasValueSatisfying(
				entry -> assertThat(entry.fields()).containsEntry("people_rows_rejected", 3));
	}

	@Test
	void theStepScopedCampaignIsTheJobFileOfTheRunAndRefusesOneChangedSinceLaunch() throws Exception {
		Campaign launched = campaign("scoped-campaign", PEOPLE, ORGANIZATIONS, 3);
		StepExecution step = MetaDataInstanceFactory.createStepExecution(parameters(launched, "pickup"));

		Campaign inStep = StepScopeTestUtils.doInStepScope(step, () -> context.getBean(Campaign.class));
		assertThat(inStep.incidentId()).isEqualTo("scoped-campaign");
		assertThat(inStep.delivery().connections()).isEqualTo(3);
		Map<String, ExecutionContext> partitions = StepScopeTestUtils.doInStepScope(step,
				() -> context.getBean("sendPartitioner", Partitioner.class).partition(1));
		assertThat(partitions).as("one partition per connection of the campaign, whatever the grid").hasSize(3);

		Files.writeString(launched.jobFile(), Files.readString(launched.jobFile()).replace("connections: 3", "connections: 9"));
		assertThatThrownBy(() -> StepScopeTestUtils.doInStepScope(step, () -> context.getBean(Campaign.class)))
			.hasRootCauseInstanceOf(CampaignException.class)
			.rootCause()
			.hasMessageContaining("changed while its run was in progress");
	}

	@Test
	void theJurisdictionCheckAloneStopsALiveSendToAJurisdictionTheTemplatesWereNotCheckedForUnlessAccepted() {
		String people = PEOPLE + "u9,org-a,Alpha,Mary Major,mary@example.com,Boston,MA,US,,,,\n";
		Campaign campaign = campaign("jurisdiction-alone", people, ORGANIZATIONS, 1);
		stageNotices(campaign);

		JobExecution refused = StepLaunches.start(jobs, NotificationJobConfiguration.JURISDICTION_CHECK_STEP,
				parameters(campaign, "smtp"));
		assertThat(refused.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(refused.getAllFailureExceptions()).singleElement().satisfies(error -> assertThat(error.getMessage())
			.contains("Person notices would go to recipients in {US-MA=1}", "approve --override UNCOVERED-JURISDICTION"));

		JobParameters accepted = new JobParametersBuilder(parameters(campaign, "smtp"))
			.addString(RunParameters.UNCOVERED_JURISDICTIONS_ACCEPTED, "true", false).toJobParameters();
		assertThat(StepLaunches.start(jobs, NotificationJobConfiguration.JURISDICTION_CHECK_STEP, accepted).getStatus())
			.isEqualTo(BatchStatus.COMPLETED);
		assertThat(StepLaunches.start(jobs, NotificationJobConfiguration.JURISDICTION_CHECK_STEP,
				new JobParametersBuilder(parameters(campaign, "pickup")).addString("case", "pickup").toJobParameters())
			.getStatus()).as("only a live send reaches people").isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void theTemplateCheckAloneRefusesATemplateThatDoesNotRender() throws Exception {
		Path templates = temp.resolve("broken-templates");
		FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		Path broken = templates.resolve("organization.pt-BR.ftlh");
		Files.writeString(broken, Files.readString(broken).replaceFirst("\\$\\{organization\\.name", "\\${organization.nome"));
		Campaign campaign = campaign("template-alone", PEOPLE, ORGANIZATIONS, 1);
		Files.writeString(campaign.jobFile(), Files.readString(campaign.jobFile())
			.replace("templates: " + TestJobs.TEMPLATES, "templates: " + templates));

		JobExecution check = StepLaunches.start(jobs, NotificationJobConfiguration.TEMPLATE_CHECK_STEP,
				parameters(CampaignLoader.load(campaign.jobFile()), "pickup"));

		assertThat(check.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(check.getAllFailureExceptions().toString()).contains("organization.pt-BR", "organization.nome");
	}

	@Test
	void theInFlightRecoveryAloneMakesANoticeLeftSendingWithoutAJournalUnknown() {
		Campaign campaign = campaign("recovery-alone", PEOPLE, ORGANIZATIONS, 1);
		stageNotices(campaign);
		jdbc.update("UPDATE notice SET status = 'SENDING', attempts = 1, claimed_by = 'a-dead-partition' WHERE id = "
				+ "(SELECT MIN(id) FROM notice WHERE incident_id = ?)", campaign.incidentId());

		JobExecution recovery = StepLaunches.start(jobs, NotificationJobConfiguration.IN_FLIGHT_RECOVERY_STEP,
				parameters(campaign, "pickup"));

		assertThat(recovery.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(RecoveryContext.of(recovery.getStepExecutions().iterator().next().getExecutionContext()))
			.hasValueSatisfying(found -> {
				assertThat(found.inFlight()).isEqualTo(1);
				assertThat(found.markedUnknown()).as("nothing says whether it reached the relay").isEqualTo(1);
			});
		assertThat(queries.counts(campaign.incidentId()).of(NoticeStatus.UNKNOWN)).isEqualTo(1);
	}

	@Test
	void theSendStepAloneSendsEveryStagedNoticeOnceInOnePartitionPerConnection() throws Exception {
		Campaign campaign = campaign("send-alone", PEOPLE, ORGANIZATIONS, 3);
		stageNotices(campaign);

		JobExecution send = StepLaunches.start(jobs, SendSteps.STEP, parameters(campaign, "pickup"));

		assertThat(send.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(stepNames(send)).filteredOn(name -> name.startsWith(SendSteps.PARTITION_STEP + ":")).hasSize(3);
		assertThat(queries.counts(campaign.incidentId()).of(NoticeStatus.SENT)).isEqualTo(5);
		try (Stream<Path> messages = Files.list(temp.resolve("home/out/send-alone/outbox"))) {
			assertThat(messages.filter(file -> file.toString().endsWith(".eml"))).hasSize(5);
		}
	}

	/** The notices of this campaign, made by the ingest and dedupe steps launched one by one. */
	private void stageNotices(Campaign campaign) {
		for (String step : List.of(IngestSteps.PEOPLE_STEP, IngestSteps.ORGANIZATIONS_STEP, DedupeSteps.STEP_NAME)) {
			assertThat(StepLaunches.start(jobs, step, parameters(campaign, "pickup")).getStatus()).as(step)
				.isEqualTo(BatchStatus.COMPLETED);
		}
	}

	/** The sample job's facts over these files, under its own incident id, with so many send connections. */
	private static Campaign campaign(String incident, String people, String organizations, int connections) {
		try {
			Path job = TestJobs.write(temp.resolve(incident), people, organizations, 0.2);
			String text = Files.readString(job).replace("id: mixpanel-2025-11", "id: " + incident)
				.replace("  chunk_size: 5\n", "  chunk_size: 5\n  connections: " + connections + "\n");
			Files.writeString(job, text);
			return CampaignLoader.load(job);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static JobParameters parameters(Campaign campaign, String transport) {
		return RunParameters.of(campaign, transport, false, "test-operator")
			.addString(RunParameters.INPUTS, RunParameters.inputsOf(campaign))
			.toJobParameters();
	}

	private static List<String> stepNames(JobExecution execution) {
		return execution.getStepExecutions().stream().sorted(Comparator.comparing(StepExecution::getId))
			.map(StepExecution::getStepName).toList();
	}

}
