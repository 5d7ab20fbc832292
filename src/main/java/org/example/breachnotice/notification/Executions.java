package org.example.breachnotice.notification;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.ingest.IngestSteps;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.ledger.LedgerStore;
import org.example.breachnotice.ledger.RunStarted;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.outbox.OutboxQueries.UndeliveredNotice;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.support.Masking;

/** What operators ask about executions, as records: status of all incidents or one, and abandon. */
@Component
public class Executions {

	private final JobRepository jobRepository;

	private final JobOperator jobOperator;

	private final Outbox outbox;

	private final OutboxQueries queries;

	private final LedgerStore ledgerStore;

	private final Ledger ledger;

	public Executions(JobRepository jobRepository, JobOperator jobOperator, Outbox outbox, OutboxQueries queries,
			LedgerStore ledgerStore, Ledger ledger) {
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
		this.outbox = outbox;
		this.queries = queries;
		this.ledgerStore = ledgerStore;
		this.ledger = ledger;
	}

	/** Every execution of every incident, newest first. */
	List<JobExecution> executions(String incident) {
		List<JobExecution> executions = new ArrayList<>();
		for (String job : List.of(NotificationJobConfiguration.JOB_NAME, NotificationJobConfiguration.RETRY_JOB_NAME)) {
			for (JobInstance instance : jobRepository.findJobInstances(job)) {
				for (JobExecution execution : jobRepository.getJobExecutions(instance)) {
					if (incident == null || incident.equals(execution.getJobParameters().getString("incident"))) {
						executions.add(execution);
					}
				}
			}
		}
		executions.sort(Comparator.comparingLong(JobExecution::getId).reversed());
		return executions;
	}

	/** One execution as status lists it: read and rejected rows from its ingest steps. */
	public record ExecutionRow(String incident, long id, String kind, BatchStatus status, LocalDateTime started,
			LocalDateTime ended, long read, long rejected) {
	}

	/** An incident's executions, newest first, with its notices by status now. */
	public record IncidentExecutions(String incident, NoticeCounts counts, List<ExecutionRow> executions) {
	}

	public record StepRow(String name, BatchStatus status, long read, long written, long commits, long rollbacks) {
	}

	/** An execution with its steps and its errors (addresses redacted). */
	public record ExecutionDetail(ExecutionRow execution, String transport, String operator, List<StepRow> steps,
			List<String> errors) {
	}

	/** One incident in detail: what {@code status INCIDENT} and the run's status snapshot show. */
	public record IncidentStatus(String incident, NoticeCounts counts, List<ExecutionDetail> executions,
			List<UndeliveredNotice> lastUndelivered) {
	}

	/** An execution abandoned, and how many of its pending notices were cancelled. */
	public record Abandoned(long executionId, int cancelled) {
	}

	/** Every incident that ran in this state folder, newest execution first. */
	public List<IncidentExecutions> list() {
		List<JobExecution> all = executions(null);
		return all.stream().map(e -> e.getJobParameters().getString("incident")).distinct()
			.map(incident -> new IncidentExecutions(incident, queries.counts(incident),
					executions(incident).stream().map(Executions::row).toList()))
			.toList();
	}

	/** Empty when the incident never ran here. */
	public Optional<IncidentStatus> describe(String incident) {
		List<JobExecution> all = executions(incident);
		if (all.isEmpty()) {
			return Optional.empty();
		}
		NoticeCounts counts = queries.counts(incident);
		List<ExecutionDetail> details = all.stream().map(e -> new ExecutionDetail(row(e), e.getJobParameters().getString("transport"),
				e.getJobParameters().getString("operator"),
				e.getStepExecutions().stream().map(step -> new StepRow(step.getStepName(), step.getStatus(), step.getReadCount(),
						step.getWriteCount(), step.getCommitCount(), step.getRollbackCount())).toList(),
				e.getAllFailureExceptions().stream().map(ex -> Masking.redactAddresses(firstLine(ex))).distinct().toList()))
			.toList();
		// The run's status snapshot asks every few seconds: only the lines shown.
		return Optional.of(new IncidentStatus(incident, counts, details,
				counts.undelivered() > 0 ? queries.lastUndelivered(incident, 10) : List.of()));
	}

	/**
	 * Abandons the incident's stopped or failed executions: they never resume, and the notices
	 * of their dataset that are still PENDING become CANCELLED.
	 *
	 * @return what was abandoned; empty when nothing could be
	 */
	@Transactional
	public List<Abandoned> abandon(String incident) {
		List<Abandoned> abandoned = new ArrayList<>();
		for (JobExecution e : executions(incident)) {
			if (e.getStatus() != BatchStatus.STOPPED && e.getStatus() != BatchStatus.FAILED) {
				continue;
			}
			if (jobRepository.getLastJobExecution(e.getJobInstance()).getId() != e.getId()) {
				continue;
			}
			try {
				jobOperator.abandon(e);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Cannot abandon execution " + e.getId() + ": " + ex.getMessage(), ex);
			}
			String runKey = incident + ":" + e.getJobParameters().getString("inputs");
			int cancelled = outbox.cancelToSend(incident, runKey);
			ledger.append(incident, "EXECUTION_ABANDONED", Map.of("execution_id", e.getId(), "notices_cancelled", cancelled));
			ledger.checkpointAfterCommit(incident);
			abandoned.add(new Abandoned(e.getId(), cancelled));
		}
		return abandoned;
	}

	/**
	 * A job file given as such, or the one an incident's last run used, as recorded in its
	 * RUN_STARTED ledger entry (for commands that take {@code INCIDENT|JOB_FILE}).
	 */
	public java.nio.file.Path jobFileOf(String incident) {
		if (java.nio.file.Files.isRegularFile(java.nio.file.Path.of(incident))) {
			return java.nio.file.Path.of(incident);
		}
		if (!Campaign.INCIDENT_ID.matcher(incident).matches()) {
			throw new IllegalArgumentException("'" + incident + "' is neither a job file nor an incident id");
		}
		return ledgerStore.lastRunStarted(incident).map(RunStarted::jobFile).orElseThrow(() -> new IllegalArgumentException(
				"No run of incident '" + incident + "' in this state folder: give its job file instead"));
	}

	private static ExecutionRow row(JobExecution e) {
		return new ExecutionRow(e.getJobParameters().getString("incident"), e.getId(), kind(e), e.getStatus(), e.getStartTime(),
				e.getEndTime(), read(e), rejected(e));
	}

	private static String kind(JobExecution e) {
		return e.getJobInstance().getJobName().equals(NotificationJobConfiguration.RETRY_JOB_NAME) ? "retry" : "run";
	}

	private static long read(JobExecution e) {
		return e.getStepExecutions().stream()
			.filter(s -> s.getStepName().equals(IngestSteps.PEOPLE_STEP) || s.getStepName().equals(IngestSteps.ORGANIZATIONS_STEP))
			.mapToLong(StepExecution::getReadCount).sum();
	}

	private static long rejected(JobExecution e) {
		Object rejected = e.getStepExecutions().stream().filter(s -> s.getStepName().equals(IngestSteps.REJECT_GATE_STEP))
			.map(s -> s.getExecutionContext().get(IngestSteps.REJECTED)).filter(v -> v != null).findFirst().orElse(0L);
		return ((Number) rejected).longValue();
	}

	private static String firstLine(Throwable error) {
		String message = error.getMessage() == null ? error.toString() : error.getMessage();
		for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause.getClass().getName().startsWith("org.example.breachnotice") && cause.getMessage() != null) {
				message = cause.getMessage();
				break;
			}
		}
		return message.lines().findFirst().orElse("");
	}

}
