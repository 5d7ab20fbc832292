package org.example.breachnotice.notification;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.dedupe.DedupeSteps;
import org.example.breachnotice.delivery.AttemptJournal;
import org.example.breachnotice.delivery.SendGate;
import org.example.breachnotice.delivery.SendStepFactory;
import org.example.breachnotice.ingest.IngestSteps;
import org.example.breachnotice.ledger.Hashes;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.ledger.RecipientHmac;
import org.example.breachnotice.ledger.RunStarted;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.render.TemplateCheck;

/**
 * The notification job of one campaign:
 * templates check -> ingest people -> ingest organizations -> reject gate -> dedupe ->
 * in-flight recovery -> jurisdiction check (live sends) -> send. The job is built per campaign at launch (the job file is the
 * configuration); step names are fixed, which is what restart relies on. The templates check and
 * the in-flight recovery run again on every restart.
 */
@Component
public class NotificationJobConfiguration {

	public static final String JOB_NAME = "breach-notice";

	/** Re-sends notices put back to PENDING by retry-failed; one instance per retry request. */
	public static final String RETRY_JOB_NAME = "breach-notice-retry";

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final IngestSteps ingestSteps;

	private final DedupeSteps dedupeSteps;

	private final SendStepFactory sendSteps;

	private final Outbox outbox;

	private final Ledger ledger;

	private final RecipientHmac hmac;

	private final OutboxQueries queries;

	private final RunControl runControl;

	public NotificationJobConfiguration(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			IngestSteps ingestSteps, DedupeSteps dedupeSteps, SendStepFactory sendSteps, Outbox outbox, Ledger ledger,
			RecipientHmac hmac, OutboxQueries queries, RunControl runControl) {
		this.queries = queries;
		this.runControl = runControl;
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.ingestSteps = ingestSteps;
		this.dedupeSteps = dedupeSteps;
		this.sendSteps = sendSteps;
		this.outbox = outbox;
		this.ledger = ledger;
		this.hmac = hmac;
	}

	public Job notificationJob(Campaign campaign, RunOptions options, String runKey, OutputFolder output) {
		NoticeRenderer renderer = new NoticeRenderer(campaign.templates());
		int chunk = campaign.delivery().chunkSize();
		return new JobBuilder(JOB_NAME, jobRepository).listener(ledgerListener(campaign, options, renderer))
			.start(templateCheckStep(campaign, renderer))
			.next(ingestSteps.people(campaign, runKey, Math.max(chunk, 500)))
			.next(ingestSteps.organizations(campaign, runKey, Math.max(chunk, 500)))
			.next(ingestSteps.rejectGate(campaign, runKey, output.rejects()))
			.next(dedupeSteps.dedupe(campaign, runKey, output.summary()))
			.next(inFlightRecoveryStep(campaign, options, output))
			.next(jurisdictionCheckStep(campaign, options))
			.next(sendSteps.sendStep(campaign, options.transport(), options.dryRun() ? output.root() : output.pickup(),
					output.journal(), renderer, sendGate(options)))
			.build();
	}

	/**
	 * The retry job: templates check -> in-flight recovery -> jurisdiction check (live sends) -> send.
	 * A retry killed mid-send is recovered like a run.
	 */
	public Job retryJob(Campaign campaign, RunOptions options, OutputFolder output) {
		NoticeRenderer renderer = new NoticeRenderer(campaign.templates());
		return new JobBuilder(RETRY_JOB_NAME, jobRepository).listener(ledgerListener(campaign, options, renderer))
			.start(templateCheckStep(campaign, renderer))
			.next(inFlightRecoveryStep(campaign, options, output))
			.next(jurisdictionCheckStep(campaign, options))
			.next(sendSteps.sendStep(campaign, options.transport(), output.pickup(), output.journal(), renderer,
					sendGate(options)))
			.build();
	}

	/**
	 * Asked before each message: a stop was requested, or the wave's cap or send window is
	 * reached; the latter then requests the stop, so that the execution ends STOPPED and the
	 * next wave resumes it.
	 */
	private SendGate sendGate(RunOptions options) {
		RunOptions.Wave wave = options.wave();
		AtomicInteger admitted = new AtomicInteger();
		return new SendGate() {
			@Override
			public boolean admit() {
				if (runControl.stopRequested()) {
					return false;
				}
				if (wave != null && wave.cap() > 0 && admitted.incrementAndGet() > wave.cap()) {
					runControl.requestStop("wave cap of " + wave.cap() + " reached");
					return false;
				}
				if (wave != null && wave.windowEnd() != null && !wave.clock().instant().isBefore(wave.windowEnd())) {
					runControl.requestStop("send window closed");
					return false;
				}
				return true;
			}

			@Override
			public boolean stopping() {
				return runControl.stopRequested();
			}
		};
	}

	private Step templateCheckStep(Campaign campaign, NoticeRenderer renderer) {
		return new StepBuilder("templateCheckStep", jobRepository).tasklet((contribution, context) -> {
			TemplateCheck.renderAll(renderer, campaign);
			return RepeatStatus.FINISHED;
		}, transactionManager).allowStartIfComplete(true).build();
	}

	/**
	 * Settles what a dead process left SENDING from its attempt journals, then clears them (the
	 * database holds every outcome once the recovery commits; a crash before the clearing only
	 * leaves journals that no SENDING notice names).
	 */
	private Step inFlightRecoveryStep(Campaign campaign, RunOptions options, OutputFolder output) {
		return new StepBuilder("inFlightRecoveryStep", jobRepository).tasklet((contribution, context) -> {
			Outbox.InFlight inFlight = outbox.recoverInFlight(campaign.incidentId(), options.resendUnknown(),
					AttemptJournal.in(output.journal()));
			AttemptJournal.discardAll(output.journal());
			RecoveryContext.put(context.getStepContext().getStepExecution().getExecutionContext(), inFlight);
			return RepeatStatus.FINISHED;
		}, new ResourcelessTransactionManager()).allowStartIfComplete(true).build();
	}

	/**
	 * Before a live send: person notices to recipients in a jurisdiction that has content rules
	 * but that the templates were not checked for would go out unchecked. That stops the job
	 * unless the approval accepted it (override UNCOVERED-JURISDICTION, with its reason).
	 */
	private Step jurisdictionCheckStep(Campaign campaign, RunOptions options) {
		return new StepBuilder("jurisdictionCheckStep", jobRepository).tasklet((contribution, context) -> {
			RunOptions.LiveSendChecks checks = options.liveChecks();
			if (checks == null) {
				return RepeatStatus.FINISHED;
			}
			Map<String, Long> uncovered = new LinkedHashMap<>();
			queries.toSendByJurisdiction(campaign.incidentId()).forEach((code, notices) -> {
				if (checks.withRules().contains(code) && !checks.covered().contains(code)) {
					uncovered.put(code, notices);
				}
			});
			if (!uncovered.isEmpty() && !checks.uncoveredAccepted()) {
				throw new IllegalStateException("Person notices would go to recipients in " + uncovered
						+ ", jurisdictions with content rules that the templates were not checked for (compliance.jurisdictions is "
						+ checks.covered() + "). Add them to compliance.jurisdictions with templates that pass preflight, or have "
						+ "the approver accept it: approve --override " + RunOptions.UNCOVERED_JURISDICTION + "=\"reason\". Nothing was sent.");
			}
			return RepeatStatus.FINISHED;
		}, transactionManager).allowStartIfComplete(true).build();
	}

	/** RUN_STARTED with the hash of every input and template, RUN_FINISHED with the outcome. */
	private JobExecutionListener ledgerListener(Campaign campaign, RunOptions options, NoticeRenderer renderer) {
		TransactionTemplate tx = new TransactionTemplate(transactionManager);
		return new JobExecutionListener() {
			@Override
			public void beforeJob(JobExecution execution) {
				runControl.started(execution);
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("execution_id", execution.getId());
				fields.put("job_file", campaign.jobFile().toAbsolutePath().toString());
				fields.put("job", execution.getJobInstance().getJobName());
				fields.put("retry_request", execution.getJobParameters().getString("retry"));
				fields.put("job_file_sha256", Hashes.sha256(campaign.jobFile()));
				Map<String, Object> inputs = new LinkedHashMap<>();
				for (Path input : campaign.inputFiles()) {
					inputs.put(input.toString(), Hashes.sha256(input));
				}
				fields.put("inputs_sha256", inputs);
				fields.put("templates_sha256", renderer.hashesOfAllFiles());
				fields.put("transport", options.transport());
				fields.put("resend_unknown", options.resendUnknown());
				fields.put("recipient_hmac_key", hmac.fingerprint());
				fields.put("operator", execution.getJobParameters().getString("operator"));
				fields.put("approval_seq", execution.getJobParameters().getString("approval"));
				// The facts the report needs for deadlines, whatever happens to the job file later.
				fields.put("unauthorized_access", campaign.unauthorizedAccess().toString());
				fields.put("controller_learned", campaign.controllerLearned().toString());
				fields.put("notice_date", campaign.noticeDate().toString());
				fields.put("rules_file", campaign.compliance().rules().toString());
				fields.put("from", campaign.from());
				fields.put("controller", campaign.controller().name());
				tx.executeWithoutResult(status -> ledger.append(campaign.incidentId(), RunStarted.TYPE, fields));
			}

			@Override
			public void afterJob(JobExecution execution) {
				runControl.ended();
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("execution_id", execution.getId());
				fields.put("status", execution.getStatus().name());
				Map<String, Object> counts = new LinkedHashMap<>();
				queries.counts(campaign.incidentId()).byStatus().forEach((status, n) -> counts.put(status.name(), n));
				fields.put("notices_by_status", counts);
				tx.executeWithoutResult(status -> {
					ledger.append(campaign.incidentId(), "RUN_FINISHED", fields);
					ledger.checkpointAfterCommit(campaign.incidentId());
				});
			}
		};
	}

}
