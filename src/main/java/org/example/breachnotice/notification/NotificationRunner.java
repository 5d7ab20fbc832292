package org.example.breachnotice.notification;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.compliance.Approvals;
import org.example.breachnotice.compliance.ContentRules;
import org.example.breachnotice.compliance.Deadlines;
import org.example.breachnotice.compliance.Preflight;
import org.example.breachnotice.delivery.SmtpRelay;
import org.example.breachnotice.ingest.WithheldValues;
import org.example.breachnotice.ledger.Hashes;
import org.example.breachnotice.ledger.LedgerVerifier;
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

	/** Exit codes of {@code run}; documented in the README. */
	public static final int COMPLETED = 0, STOPPED = 4, FAILED = 5, DEFERRED = 7;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job notificationJob;

	private final Job retryJob;

	private final Outbox outbox;

	private final LedgerVerifier verifier;

	private final Approvals approvals;

	private final RunControl runControl;

	private final StatusSnapshots statusSnapshots;

	private final IncidentLock incidentLock;

	private final OutboxQueries queries;

	private final SmtpRelay relay;

	private final Path home;

	public NotificationRunner(JobOperator jobOperator, JobRepository jobRepository,
			@Qualifier(NotificationJobConfiguration.JOB_NAME) Job notificationJob,
			@Qualifier(NotificationJobConfiguration.RETRY_JOB_NAME) Job retryJob, Outbox outbox, LedgerVerifier verifier, Approvals approvals, RunControl runControl,
			StatusSnapshots statusSnapshots, IncidentLock incidentLock, OutboxQueries queries, SmtpRelay relay,
			@Value("${breach-notice.home}") Path home) {
		this.incidentLock = incidentLock;
		this.relay = relay;
		this.statusSnapshots = statusSnapshots;
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
	}

	public int run(Campaign campaign, RunOptions requested, PrintStream out) throws Exception {
		try (IncidentLock.Held held = incidentLock.acquire(campaign.incidentId())) {
			return runLocked(campaign, requested, out);
		}
	}

	private int runLocked(Campaign campaign, RunOptions requested, PrintStream out) throws Exception {
		return launch(campaign, requested, out, notificationJob, RunParameters.INPUTS, RunParameters.inputsOf(campaign));
	}

	/**
	 * retry-failed: puts the incident's FAILED_TRANSIENT notices (and the UNKNOWN ones when asked)
	 * back to PENDING with a RETRY_REQUESTED ledger entry, then sends them in a retry execution
	 * of its own, identified by that entry.
	 */
	public int retry(Campaign campaign, RunOptions requested, boolean includeUnknown, PrintStream out) throws Exception {
		try (IncidentLock.Held held = incidentLock.acquire(campaign.incidentId())) {
			return retryLocked(campaign, requested, includeUnknown, out);
		}
	}

	private int retryLocked(Campaign campaign, RunOptions requested, boolean includeUnknown, PrintStream out)
			throws Exception {
		recoverDeadExecutions(campaign.incidentId(), out);
		long request = outbox.requeueFailures(campaign.incidentId(), includeUnknown);
		long pending = queries.counts(campaign.incidentId()).of(NoticeStatus.PENDING);
		if (pending == 0) {
			out.println("Incident " + campaign.incidentId() + " has no transiently failed" + (includeUnknown ? " or unknown" : "")
					+ " notice to retry (permanent failures are never retried automatically).");
			return COMPLETED;
		}
		// A retry left unfinished (failed or stopped) has nothing new to requeue: its PENDING notices go now.
		String segment = request > 0 ? Long.toString(request) : "pending-" + System.currentTimeMillis();
		out.printf("Retrying %d notice(s) of incident %s (retry %s)%n", pending, campaign.incidentId(), segment);
		return launch(campaign, requested, out, retryJob, RunParameters.RETRY, segment);
	}

	/** @param identityKey with {@code identity}: which instance of the job, besides the incident */
	private int launch(Campaign campaign, RunOptions options, PrintStream out, Job job, String identityKey, String identity)
			throws Exception {
		JobParametersBuilder parameters = RunParameters.of(campaign, options.transport(), options.resendUnknown(),
				options.operator()).addString(identityKey, identity);
		Approvals.Approval approval = null;
		if (options.live()) {
			approval = approvals.checkLiveSend(campaign, Preflight.run(campaign), options.operator());
			relay.require();
			parameters.addString(RunParameters.UNCOVERED_JURISDICTIONS_ACCEPTED,
					Boolean.toString(approval.overrides().containsKey(RunOptions.UNCOVERED_JURISDICTION)), false);
			out.printf("Live send: preflight passed; approval signed by %s (key %s) at %s (ledger entry %d); operator %s%n",
					approval.approvedBy(), approval.keyId(), approval.approvedAt(), approval.seq(), options.operator());
		}
		recoverDeadExecutions(campaign.incidentId(), out);
		OutputFolder output = OutputFolder.of(home, campaign.incidentId()).checked();
		parameters.addString(RunParameters.APPROVAL, approval == null ? "none" : Long.toString(approval.seq()), false);
		if (options.wave() != null) {
			parameters.addString(RunParameters.WAVE_CAP, Integer.toString(options.wave().cap()), false);
			if (options.wave().windowEnd() != null) {
				parameters.addString(RunParameters.WAVE_WINDOW_END, options.wave().windowEnd().toString(), false);
			}
		}
		out.printf("Incident %s: transport %s, output in %s%n", campaign.incidentId(), options.transport(), output.root());
		JobExecution execution;
		Files.deleteIfExists(RunControl.stopRequest(home, campaign.incidentId()));
		Thread watcher = runControl.watch(home, campaign.incidentId());
		try (AutoCloseable snapshots = statusSnapshots.refresh(home, campaign.incidentId())) {
			execution = jobOperator.start(job, parameters.toJobParameters());
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			JobExecution last = jobRepository.getLastJobExecution(job.getName(), parameters.toJobParameters());
			if (last != null && last.getStatus() == BatchStatus.ABANDONED) {
				out.printf("Incident %s with these input files cannot resume: execution %d was abandoned. Nothing is sent.%n",
						campaign.incidentId(), last.getId());
				return FAILED;
			}
			out.printf("Incident %s with these input files was already completed: nothing is sent again.%n",
					campaign.incidentId());
			printOutcome(campaign, output, out);
			return COMPLETED;
		}
		catch (JobRestartException ex) {
			out.printf("Incident %s with these input files cannot resume: %s%n", campaign.incidentId(), ex.getMessage());
			return FAILED;
		}
		finally {
			watcher.interrupt();
		}
		BatchStatus status = execution.getStatus();
		out.printf("Execution %d ended %s%n", execution.getId(), status);
		if (status != BatchStatus.STOPPED) {
			execution.getAllFailureExceptions().stream().map(NotificationRunner::rootMessage).distinct()
				.forEach(message -> out.println("  error: " + Masking.maskAddresses(message)));
		}
		execution.getStepExecutions().forEach(step -> RecoveryContext.of(step.getExecutionContext()).ifPresent(recovery -> {
			if (recovery.inFlight() > 0) {
				out.printf("  %d notice(s) were in flight when a previous run died: %d settled from the attempt journal, %d had"
						+ " not reached the relay (sent now), %d UNKNOWN%n", recovery.inFlight(), recovery.recovered(),
						recovery.released(), recovery.markedUnknown());
			}
			int unknown = recovery.markedUnknown();
			if (unknown > 0) {
				out.printf("  %d notice(s) in flight are now UNKNOWN%s%n", unknown, options.resendUnknown()
						? " and queued again (--resend-unknown; a second copy is flagged as a possible duplicate)"
						: " (not resent: use --resend-unknown to send them again, accepting a possible second copy)");
			}
		}));
		if (options.dryRun() && status == BatchStatus.COMPLETED) {
			printDryRun(campaign, output, out);
			return COMPLETED;
		}
		printOutcome(campaign, output, out);
		return switch (status) {
			case COMPLETED -> COMPLETED;
			case STOPPED -> {
				NoticeCounts left = queries.counts(campaign.incidentId());
				if (left.of(NoticeStatus.PENDING) == 0 && left.of(NoticeStatus.DEFERRED) > 0) {
					out.printf("Deferred: %d notice(s) wait for their next attempt (4xx replies or broken connections), the"
							+ " first at %s. Run the same command again then (serve does it at its next wave).%n",
							left.of(NoticeStatus.DEFERRED), outbox.nextDeferredAttempt(campaign.incidentId()).orElseThrow());
					yield DEFERRED;
				}
				out.println("Stopped: notices not yet sent are PENDING. Run the same command again to resume.");
				yield STOPPED;
			}
			default -> {
				out.println("Fix the cause above, then run the same command again: it resumes where it stopped.");
				yield FAILED;
			}
		};
	}

	/** Counts per notice type, locale, jurisdiction and organization; samples and previews are on disk. */
	private void printDryRun(Campaign campaign, OutputFolder output, PrintStream out) throws Exception {
		Path counts = output.root().resolve("dry-run-counts.csv");
		List<String[]> rows = new ArrayList<>();
		String incident = campaign.incidentId();
		Map<String, OutboxQueries.Dimension> dimensions = new LinkedHashMap<>();
		dimensions.put("type.locale", OutboxQueries.Dimension.TYPE_AND_LOCALE);
		dimensions.put("type.jurisdiction", OutboxQueries.Dimension.TYPE_AND_JURISDICTION);
		dimensions.put("organization", OutboxQueries.Dimension.ORGANIZATION);
		dimensions.forEach((name, dimension) -> queries.countsBy(incident, dimension)
			.forEach((value, notices) -> rows.add(new String[] { name, value, Long.toString(notices.total()) })));
		try (SpreadsheetCsv csv = SpreadsheetCsv.open(Files.newBufferedWriter(counts), "dimension", "value", "notices")) {
			for (String[] row : rows) {
				csv.row((Object[]) row);
			}
		}
		long total = queries.counts(incident).of(NoticeStatus.SENT);
		out.printf("Dry run: nothing was sent. %d notice(s) would go out:%n", total);
		rows.stream().filter(row -> !row[0].equals("organization"))
			.forEach(row -> out.printf("  %-18s %-28s %6s%n", row[0], row[1], row[2]));
		out.println("  per organization, and all of the above: " + counts);
		out.println("  one sample .eml per template variant:  " + output.root().resolve("samples"));
		out.println("  one HTML preview per template variant: " + output.root().resolve("preview"));
		out.println("  rejects: " + output.rejects() + ", summary: " + output.summary());
		WithheldValues.report(WithheldValues.scan(campaign), output.withheldValues()).forEach(out::println);
	}

	/**
	 * Executions of this incident left STARTED: their process is dead, since we hold the
	 * incident (state-folder lock on the embedded database, advisory lock on PostgreSQL).
	 */
	private void recoverDeadExecutions(String incident, PrintStream out) {
		for (JobExecution running : java.util.stream.Stream.of(NotificationJobConfiguration.JOB_NAME,
				NotificationJobConfiguration.RETRY_JOB_NAME)
			.flatMap(job -> jobRepository.findRunningJobExecutions(job).stream())
			.filter(execution -> incident.equals(execution.getJobParameters().getString("incident")))
			.toList()) {
			BatchStatus left = running.getStatus();
			jobOperator.recover(running);
			out.printf("Execution %d was left %s by a process that no longer runs (crash or kill -9): marked FAILED, resuming.%n",
					running.getId(), left);
		}
	}

	private void printOutcome(Campaign campaign, OutputFolder output, PrintStream out) {
		NoticeCounts counts = queries.counts(campaign.incidentId());
		out.println("Notices: " + counts.byStatus().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(", ")));
		long undelivered = counts.undelivered();
		if (undelivered > 0) {
			out.printf("  %d notice(s) not delivered: they need a retry or a substitute notice (ledger export lists each"
					+ " outcome with its SMTP reply).%n", undelivered);
		}
		warnOfDeadlines(campaign, out);
		long duplicates = counts.possibleDuplicates();
		if (duplicates > 0) {
			out.printf("  %d notice(s) may have reached their recipient twice (a connection broke after the message was"
					+ " handed over, then it was sent again): their ledger entries say possible_duplicate.%n", duplicates);
		}
		if (Files.isDirectory(output.pickup())) {
			out.println("  messages (pickup): " + output.pickup());
		}
		out.println("  rejects:           " + output.rejects());
		out.println("  summary:           " + output.summary());
		LedgerVerifier.Result ledger = verifier.verify();
		out.printf("  ledger:            %d entries, head %s, %s%n", ledger.entries(), ledger.headHash(),
				ledger.valid() ? "verified" : "BROKEN: " + ledger.problem());
		if (ledger.valid() && ledger.checkpoints() > 0 && ledger.unanchored() == 0) {
			out.println("  signed checkpoints: " + ledger.checkpoints() + " in the anchor file, the last covers every entry");
		}
		else if (ledger.valid() && ledger.unanchored() > 0) {
			out.println("  WARNING: " + ledger.unanchored() + " entries are under no signed checkpoint (the log says why):"
							+ " run `ledger checkpoint` once the anchor folder is writable");
		}
	}

	/** Deferred person notices whose retries go on past the legal deadline of their recipients' jurisdiction. */
	private void warnOfDeadlines(Campaign campaign, PrintStream out) {
		Map<String, java.time.Instant> last = queries.lastDeferredAttemptByJurisdiction(campaign.incidentId());
		if (last.isEmpty()) {
			return;
		}
		Map<String, ContentRules.Jurisdiction> rules = ContentRules.load(campaign.compliance().rules()).jurisdictions();
		last.forEach((code, attempt) -> {
			ContentRules.Jurisdiction jurisdiction = rules.get(code);
			java.time.LocalDate due = jurisdiction == null ? null : Deadlines.due(jurisdiction.deadline(), campaign.controllerLearned());
			if (due != null && attempt.atZone(java.time.ZoneOffset.UTC).toLocalDate().isAfter(due)) {
				out.printf("  warning: deferred person notices in %s are retried until %s, after the legal deadline (%s): consider"
						+ " a substitute notice for them.%n", code, attempt, due);
			}
		});
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
