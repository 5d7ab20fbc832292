package org.example.breachnotice.notification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.compliance.Approvals;
import org.example.breachnotice.compliance.ContentRules;
import org.example.breachnotice.compliance.Deadlines;
import org.example.breachnotice.compliance.Preflight;
import org.example.breachnotice.delivery.SmtpRelay;
import org.example.breachnotice.ingest.WithheldValues;
import org.example.breachnotice.ledger.LedgerVerifier;
import org.example.breachnotice.notification.RunResult.Ending;
import org.example.breachnotice.notification.RunResult.Outcome;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.support.Masking;
import org.example.breachnotice.support.SpreadsheetCsv;

/**
 * Launches (or resumes) the notification job of a campaign. Running the same command again is
 * the restart: an execution left STARTED by a dead process is recovered first (on the embedded
 * database the state-folder lock proves its process is gone), then the job instance of the same
 * incident and inputs is started again and continues where it stopped.
 */
@Component
public class NotificationRunner {

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job notificationJob;

	private final Job retryJob;

	private final Outbox outbox;

	private final LedgerVerifier verifier;

	private final Approvals approvals;

	private final RunControl runControl;

	private final StatusSnapshots statusSnapshots;

	private final RunLedger runLedger;

	private final IncidentLock incidentLock;

	private final OutboxQueries queries;

	private final SmtpRelay relay;

	private final Path home;

	/** hsqldb (embedded) or postgresql. */
	private final String database;

	public NotificationRunner(JobOperator jobOperator, JobRepository jobRepository,
			@Qualifier(NotificationJobConfiguration.JOB_NAME) Job notificationJob,
			@Qualifier(NotificationJobConfiguration.RETRY_JOB_NAME) Job retryJob, Outbox outbox, LedgerVerifier verifier, Approvals approvals, RunControl runControl,
			StatusSnapshots statusSnapshots, RunLedger runLedger, IncidentLock incidentLock, OutboxQueries queries, SmtpRelay relay,
			@Value("${breach-notice.home}") Path home, @Value("${breach-notice.database}") String database) {
		this.incidentLock = incidentLock;
		this.relay = relay;
		this.statusSnapshots = statusSnapshots;
		this.runLedger = runLedger;
		this.runControl = runControl;
		this.queries = queries;
		this.approvals = approvals;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.notificationJob = notificationJob;
		this.retryJob = retryJob;
		this.outbox = outbox;
		this.verifier = verifier;
		this.home = home;
		this.database = database;
	}

	/** Launches or resumes the notification job of the campaign's dataset. */
	public RunResult run(Campaign campaign, RunOptions options, Consumer<RunEvent> progress) throws Exception {
		try (IncidentLock.Held held = incidentLock.acquire(campaign.incidentId())) {
			return launch(campaign, options, progress, notificationJob, RunParameters.INPUTS, RunParameters.inputsOf(campaign));
		}
	}

	/**
	 * retry-failed: puts the incident's FAILED_TRANSIENT notices (and the UNKNOWN ones when asked)
	 * back to PENDING with a RETRY_REQUESTED ledger entry, then sends them in a retry execution
	 * of its own, identified by that entry.
	 */
	public RunResult retry(Campaign campaign, RunOptions options, boolean includeUnknown, Consumer<RunEvent> progress)
			throws Exception {
		try (IncidentLock.Held held = incidentLock.acquire(campaign.incidentId())) {
			recoverDeadExecutions(campaign.incidentId(), progress);
			long request = outbox.requeueFailures(campaign.incidentId(), includeUnknown);
			long pending = queries.counts(campaign.incidentId()).of(NoticeStatus.PENDING);
			if (pending == 0) {
				return new RunResult(campaign.incidentId(), Ending.NOTHING_TO_RETRY, null,
						includeUnknown ? "transiently failed or unknown" : "transiently failed", null, null);
			}
			// A retry left unfinished (failed or stopped) has nothing new to requeue: its PENDING notices go now.
			String segment = request > 0 ? Long.toString(request) : "pending-" + System.currentTimeMillis();
			progress.accept(new RunEvent.Retrying(campaign.incidentId(), pending, segment));
			return launch(campaign, options, progress, retryJob, RunParameters.RETRY, segment);
		}
	}

	/** @param identityKey with {@code identity}: which instance of the job, besides the incident */
	private RunResult launch(Campaign campaign, RunOptions options, Consumer<RunEvent> progress, Job job, String identityKey,
			String identity) throws Exception {
		String incident = campaign.incidentId();
		if (Campaign.Delivery.REMOTE_WORKERS.equals(campaign.delivery().workers()) && !"postgresql".equals(database)) {
			throw new IllegalArgumentException("Remote workers share the job repository, the outbox and the ledger with this"
					+ " process: they need PostgreSQL (--spring.profiles.active=postgresql and its spring.datasource settings),"
					+ " not the embedded database" + (options.dryRun() ? " of a dry run" : "") + ". Nothing was started.");
		}
		JobParametersBuilder parameters = RunParameters.of(campaign, options.transport(), options.resendUnknown(),
				options.operator()).addString(identityKey, identity);
		Approvals.Approval approval = null;
		if (options.live()) {
			approval = approvals.checkLiveSend(campaign, Preflight.run(campaign), options.operator());
			if (!Campaign.Delivery.REMOTE_WORKERS.equals(campaign.delivery().workers())) {
				// Remote workers send over their own relays.
				relay.require();
			}
			parameters.addString(RunParameters.UNCOVERED_JURISDICTIONS_ACCEPTED,
					Boolean.toString(approval.overrides().containsKey(RunOptions.UNCOVERED_JURISDICTION)), false);
			progress.accept(new RunEvent.LiveSendApproved(approval, options.operator()));
		}
		recoverDeadExecutions(incident, progress);
		OutputFolder output = OutputFolder.of(home, incident).checked();
		parameters.addString(RunParameters.APPROVAL, approval == null ? "none" : Long.toString(approval.seq()), false);
		if (options.wave() != null) {
			parameters.addString(RunParameters.WAVE_CAP, Integer.toString(options.wave().cap()), false);
			if (options.wave().windowEnd() != null) {
				parameters.addString(RunParameters.WAVE_WINDOW_END, options.wave().windowEnd().toString(), false);
			}
		}
		progress.accept(new RunEvent.Launching(incident, options.transport(), output.root()));
		JobExecution execution;
		Optional<NoticeCounts> countsAtEnd;
		Files.deleteIfExists(RunControl.stopRequest(home, incident));
		Thread watcher = runControl.watch(home, incident);
		try (StatusSnapshots.Refresh snapshots = statusSnapshots.refresh(home, incident)) {
			execution = jobOperator.start(job, parameters.toJobParameters());
			// Taken on every path, the dry run's too, so that none is left behind in the listener.
			countsAtEnd = runLedger.takeCountsAtEnd(execution);
			countsAtEnd.ifPresent(snapshots::endedWith);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			JobExecution last = jobRepository.getLastJobExecution(job.getName(), parameters.toJobParameters());
			if (last != null && last.getStatus() == BatchStatus.ABANDONED) {
				return new RunResult(incident, Ending.ABANDONED, executionOf(last, options), null, null, null);
			}
			return new RunResult(incident, Ending.ALREADY_COMPLETED, null, null,
					outcome(campaign, output, queries.counts(incident)), null);
		}
		catch (JobRestartException ex) {
			return new RunResult(incident, Ending.CANNOT_RESUME, null, ex.getMessage(), null, null);
		}
		finally {
			watcher.interrupt();
		}
		BatchStatus status = execution.getStatus();
		if (options.dryRun() && status == BatchStatus.COMPLETED) {
			return new RunResult(incident, Ending.COMPLETED, executionOf(execution, options), null, null,
					dryRun(campaign, output));
		}
		Outcome outcome = outcome(campaign, output, countsAtEnd.orElseGet(() -> queries.counts(incident)));
		Ending ending = switch (status) {
			case COMPLETED -> Ending.COMPLETED;
			case STOPPED -> outcome.counts().of(NoticeStatus.PENDING) == 0 && outcome.counts().of(NoticeStatus.DEFERRED) > 0
					? Ending.DEFERRED : Ending.STOPPED;
			default -> Ending.FAILED;
		};
		return new RunResult(incident, ending, executionOf(execution, options), null, outcome, null);
	}

	private static RunResult.Execution executionOf(JobExecution execution, RunOptions options) {
		List<String> errors = execution.getStatus() == BatchStatus.STOPPED ? List.of()
				: execution.getAllFailureExceptions().stream().map(NotificationRunner::rootMessage).distinct()
					.map(Masking::maskAddresses).toList();
		List<Outbox.InFlight> recoveries = execution.getStepExecutions().stream()
			.flatMap(step -> RecoveryContext.of(step.getExecutionContext()).stream())
			.toList();
		return new RunResult.Execution(execution.getId(), execution.getStatus(), errors, recoveries, options.resendUnknown());
	}

	/** Counts per notice type, locale, jurisdiction and organization, also in dry-run-counts.csv; samples and previews are on disk. */
	private RunResult.DryRun dryRun(Campaign campaign, OutputFolder output) throws Exception {
		Path countsFile = output.root().resolve("dry-run-counts.csv");
		List<RunResult.Count> counts = new ArrayList<>();
		String incident = campaign.incidentId();
		Map<String, OutboxQueries.Dimension> dimensions = new LinkedHashMap<>();
		dimensions.put("type.locale", OutboxQueries.Dimension.TYPE_AND_LOCALE);
		dimensions.put("type.jurisdiction", OutboxQueries.Dimension.TYPE_AND_JURISDICTION);
		dimensions.put("organization", OutboxQueries.Dimension.ORGANIZATION);
		dimensions.forEach((name, dimension) -> queries.countsBy(incident, dimension)
			.forEach((value, notices) -> counts.add(new RunResult.Count(name, value, notices.total()))));
		try (SpreadsheetCsv csv = SpreadsheetCsv.open(Files.newBufferedWriter(countsFile), "dimension", "value", "notices")) {
			for (RunResult.Count count : counts) {
				csv.row(count.dimension(), count.value(), count.notices());
			}
		}
		return new RunResult.DryRun(queries.counts(incident).of(NoticeStatus.SENT), counts, countsFile,
				output.root().resolve("samples"), output.root().resolve("preview"), output.rejects(), output.summary(),
				WithheldValues.report(WithheldValues.scan(campaign), output.withheldValues()));
	}

	/**
	 * Executions of this incident left STARTED: their process is dead, since we hold the
	 * incident (state-folder lock on the embedded database, advisory lock on PostgreSQL).
	 */
	private void recoverDeadExecutions(String incident, Consumer<RunEvent> progress) {
		for (JobExecution running : java.util.stream.Stream.of(NotificationJobConfiguration.JOB_NAME,
				NotificationJobConfiguration.RETRY_JOB_NAME)
			.flatMap(job -> jobRepository.findRunningJobExecutions(job).stream())
			.filter(execution -> incident.equals(execution.getJobParameters().getString(RunParameters.INCIDENT)))
			.toList()) {
			BatchStatus left = running.getStatus();
			jobOperator.recover(running);
			progress.accept(new RunEvent.DeadExecutionRecovered(running.getId(), left));
		}
	}

	private Outcome outcome(Campaign campaign, OutputFolder output, NoticeCounts counts) {
		// Late retries are of DEFERRED notices: their look-up walks every notice of the incident on HSQLDB (6 s at 1M rows).
		return new Outcome(counts, counts.of(NoticeStatus.DEFERRED) == 0 ? List.of() : lateRetries(campaign),
				Files.isDirectory(output.pickup()) ? output.pickup() : null, output.rejects(), output.summary(), verifier.verify(),
				outbox.nextDeferredAttempt(campaign.incidentId()).orElse(null));
	}

	/** Deferred person notices whose retries go on past the legal deadline of their recipients' jurisdiction. */
	private List<RunResult.LateRetries> lateRetries(Campaign campaign) {
		Map<String, Instant> last = queries.lastDeferredAttemptByJurisdiction(campaign.incidentId());
		if (last.isEmpty()) {
			return List.of();
		}
		Map<String, ContentRules.Jurisdiction> rules = ContentRules.load(campaign.compliance().rules()).jurisdictions();
		List<RunResult.LateRetries> late = new ArrayList<>();
		last.forEach((code, attempt) -> {
			ContentRules.Jurisdiction jurisdiction = rules.get(code);
			LocalDate due = jurisdiction == null ? null : Deadlines.due(jurisdiction.deadline(), campaign.controllerLearned());
			if (due != null && attempt.atZone(ZoneOffset.UTC).toLocalDate().isAfter(due)) {
				late.add(new RunResult.LateRetries(code, attempt, due));
			}
		});
		return late;
	}

	/**
	 * Our own exceptions carry the advice (what happened, what to do); the framework wraps them.
	 * Show the outermost one of ours, else the deepest message in the chain.
	 */
	private static String rootMessage(Throwable error) {
		String message = error.toString();
		for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause.getClass().getName().startsWith("org.example.breachnotice")) {
				message = cause.getMessage();
				break;
			}
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return message.length() > 2000 ? message.substring(0, 2000) + "..." : message;
	}

}
