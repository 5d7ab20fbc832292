package org.example.breachnotice.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.compliance.ContentRules;
import org.example.breachnotice.compliance.Preflight;
import org.example.breachnotice.dedupe.DedupeSteps;
import org.example.breachnotice.delivery.AttemptJournal;
import org.example.breachnotice.delivery.SendSteps;
import org.example.breachnotice.ingest.IngestSteps;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.render.TemplateCheck;

/**
 * The notification job and the retry job. Notification: templates check -> ingest people ->
 * ingest organizations -> reject gate -> dedupe -> in-flight recovery -> jurisdiction check (live
 * sends) -> send. Retry: templates check -> in-flight recovery -> jurisdiction check -> send.
 * Everything a run varies comes from its job parameters ({@link RunParameters}) through step-scoped
 * components; the campaign is read from the job file they name. The templates check and the
 * in-flight recovery run again on every restart.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationJobConfiguration {

	public static final String JOB_NAME = "breach-notice";

	/** Re-sends notices put back to PENDING by retry-failed; one instance per retry request. */
	public static final String RETRY_JOB_NAME = "breach-notice-retry";

	public static final String TEMPLATE_CHECK_STEP = "templateCheckStep", IN_FLIGHT_RECOVERY_STEP = "inFlightRecoveryStep",
			JURISDICTION_CHECK_STEP = "jurisdictionCheckStep";

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	public NotificationJobConfiguration(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
	}

	@Bean(JOB_NAME)
	public Job notificationJob(RunLedger runLedger, @Qualifier(TEMPLATE_CHECK_STEP) Step templateCheck,
			@Qualifier(IngestSteps.PEOPLE_STEP) Step ingestPeople,
			@Qualifier(IngestSteps.ORGANIZATIONS_STEP) Step ingestOrganizations,
			@Qualifier(IngestSteps.REJECT_GATE_STEP) Step rejectGate, @Qualifier(DedupeSteps.STEP_NAME) Step dedupe,
			@Qualifier(IN_FLIGHT_RECOVERY_STEP) Step inFlightRecovery,
			@Qualifier(JURISDICTION_CHECK_STEP) Step jurisdictionCheck, @Qualifier(SendSteps.STEP) Step send) {
		return new JobBuilder(JOB_NAME, jobRepository).listener(runLedger)
			.start(templateCheck)
			.next(ingestPeople)
			.next(ingestOrganizations)
			.next(rejectGate)
			.next(dedupe)
			.next(inFlightRecovery)
			.next(jurisdictionCheck)
			.next(send)
			.build();
	}

	/** A retry killed mid-send is recovered like a run. */
	@Bean(RETRY_JOB_NAME)
	public Job retryJob(RunLedger runLedger, @Qualifier(TEMPLATE_CHECK_STEP) Step templateCheck,
			@Qualifier(IN_FLIGHT_RECOVERY_STEP) Step inFlightRecovery,
			@Qualifier(JURISDICTION_CHECK_STEP) Step jurisdictionCheck, @Qualifier(SendSteps.STEP) Step send) {
		return new JobBuilder(RETRY_JOB_NAME, jobRepository).listener(runLedger)
			.start(templateCheck)
			.next(inFlightRecovery)
			.next(jurisdictionCheck)
			.next(send)
			.build();
	}

	/** Every template of every locale and variant renders with a sample model, or nothing is sent. */
	@Bean(TEMPLATE_CHECK_STEP)
	public Step templateCheckStep(Tasklet templateCheck) {
		return new StepBuilder(TEMPLATE_CHECK_STEP, jobRepository).tasklet(templateCheck, transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	@StepScope
	Tasklet templateCheck(Campaign campaign) {
		return (contribution, context) -> {
			TemplateCheck.renderAll(new NoticeRenderer(campaign.templates()), campaign);
			return RepeatStatus.FINISHED;
		};
	}

	/**
	 * Settles what a dead process left SENDING from its attempt journals, then clears them (the
	 * database holds every outcome once the recovery commits; a crash before the clearing only
	 * leaves journals that no SENDING notice names).
	 */
	@Bean(IN_FLIGHT_RECOVERY_STEP)
	public Step inFlightRecoveryStep(Tasklet inFlightRecovery) {
		return new StepBuilder(IN_FLIGHT_RECOVERY_STEP, jobRepository)
			.tasklet(inFlightRecovery, new ResourcelessTransactionManager())
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	@StepScope
	Tasklet inFlightRecovery(RunParameters run, OutputFolder output, Outbox outbox) {
		return (contribution, context) -> {
			Outbox.InFlight inFlight = outbox.recoverInFlight(run.incident(), run.resendUnknown(),
					AttemptJournal.in(output.journal()));
			AttemptJournal.discardAll(output.journal());
			RecoveryContext.put(context.getStepContext().getStepExecution().getExecutionContext(), inFlight);
			return RepeatStatus.FINISHED;
		};
	}

	/**
	 * Before a live send: person notices to recipients in a jurisdiction that has content rules
	 * but that the templates were not checked for would go out unchecked. That stops the job
	 * unless the approval accepted it (override UNCOVERED-JURISDICTION, with its reason).
	 */
	@Bean(JURISDICTION_CHECK_STEP)
	public Step jurisdictionCheckStep(Tasklet jurisdictionCheck) {
		return new StepBuilder(JURISDICTION_CHECK_STEP, jobRepository).tasklet(jurisdictionCheck, transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	@StepScope
	Tasklet jurisdictionCheck(RunParameters run, Campaign campaign, OutboxQueries queries) {
		return (contribution, context) -> {
			// The count joins every notice to send to its jurisdictions (7 s at 1M rows on HSQLDB): only
			// when there is something it could refuse.
			if (!run.live() || run.uncoveredJurisdictionsAccepted()) {
				return RepeatStatus.FINISHED;
			}
			ContentRules rules = ContentRules.load(campaign.compliance().rules());
			List<String> covered = Preflight.coveredJurisdictions(campaign, rules);
			if (covered.containsAll(rules.jurisdictions().keySet())) {
				return RepeatStatus.FINISHED;
			}
			Map<String, Long> uncovered = new LinkedHashMap<>();
			queries.toSendByJurisdiction(campaign.incidentId()).forEach((code, notices) -> {
				if (rules.jurisdictions().containsKey(code) && !covered.contains(code)) {
					uncovered.put(code, notices);
				}
			});
			if (!uncovered.isEmpty()) {
				throw new IllegalStateException("Person notices would go to recipients in " + uncovered
						+ ", jurisdictions with content rules that the templates were not checked for (compliance.jurisdictions is "
						+ covered + "). Add them to compliance.jurisdictions with templates that pass preflight, or have "
						+ "the approver accept it: approve --override " + RunOptions.UNCOVERED_JURISDICTION + "=\"reason\". Nothing was sent.");
			}
			return RepeatStatus.FINISHED;
		};
	}

}
