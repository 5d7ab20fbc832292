package org.example.breachnotice.notification;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.ingest.IngestSteps;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.outbox.OutboxQueries.UndeliveredNotice;
import org.example.breachnotice.support.Masking;

/**
 * The executions of the notification and retry jobs as status shows them, read from the job
 * repository and the outbox alone (so that {@code status} can be answered without the rest).
 */
@Component
public class ExecutionHistory {

	private final JobRepository jobRepository;

	private final OutboxQueries queries;

	public ExecutionHistory(JobRepository jobRepository, OutboxQueries queries) {
		this.jobRepository = jobRepository;
		this.queries = queries;
	}

	/** Every execution of every incident, newest first. */
	List<JobExecution> executions(String incident) {
		List<JobExecution> executions = new ArrayList<>();
		for (String job : List.of(NotificationJobConfiguration.JOB_NAME, NotificationJobConfiguration.RETRY_JOB_NAME)) {
			for (JobInstance instance : jobRepository.findJobInstances(job)) {
				for (JobExecution execution : jobRepository.getJobExecutions(instance)) {
					if (incident == null || incident.equals(execution.getJobParameters().getString(RunParameters.INCIDENT))) {
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

	/** Every incident that ran in this state folder, newest execution first. */
	public List<IncidentExecutions> list() {
		List<JobExecution> all = executions(null);
		return all.stream().map(e -> e.getJobParameters().getString(RunParameters.INCIDENT)).distinct()
			.map(incident -> new IncidentExecutions(incident, queries.counts(incident),
					executions(incident).stream().map(ExecutionHistory::row).toList()))
			.toList();
	}

	/** The notices' part of a status: their counts, and the last undelivered ones that it shows. */
	record Notices(NoticeCounts counts, List<UndeliveredNotice> lastUndelivered) {
	}

	/** The incident's notices counted now. */
	Notices notices(String incident) {
		return notices(incident, queries.counts(incident));
	}

	/** The same, with the notices as already counted (on HSQLDB a count of 784,122 notices takes 4 to 6 s). */
	Notices notices(String incident, NoticeCounts counts) {
		// The run's status snapshot asks every few seconds: only the lines shown.
		return new Notices(counts, counts.undelivered() > 0 ? queries.lastUndelivered(incident, 10) : List.of());
	}

	/** Empty when the incident never ran here. */
	public Optional<IncidentStatus> describe(String incident) {
		return describe(incident, () -> notices(incident));
	}

	/** The same, with the incident's notices as looked up before. */
	Optional<IncidentStatus> describe(String incident, Supplier<Notices> notices) {
		List<JobExecution> all = executions(incident);
		if (all.isEmpty()) {
			return Optional.empty();
		}
		List<ExecutionDetail> details = all.stream().map(e -> new ExecutionDetail(row(e), e.getJobParameters().getString(RunParameters.TRANSPORT),
				e.getJobParameters().getString(RunParameters.OPERATOR),
				e.getStepExecutions().stream().map(step -> new StepRow(step.getStepName(), step.getStatus(), step.getReadCount(),
						step.getWriteCount(), step.getCommitCount(), step.getRollbackCount())).toList(),
				e.getAllFailureExceptions().stream().map(ex -> Masking.redactAddresses(firstLine(ex))).distinct().toList()))
			.toList();
		Notices counted = notices.get();
		return Optional.of(new IncidentStatus(incident, counted.counts(), details, counted.lastUndelivered()));
	}

	private static ExecutionRow row(JobExecution e) {
		return new ExecutionRow(e.getJobParameters().getString(RunParameters.INCIDENT), e.getId(), kind(e), e.getStatus(), e.getStartTime(),
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
