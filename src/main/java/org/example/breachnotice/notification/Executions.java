package org.example.breachnotice.notification;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import org.example.breachnotice.Masking;
import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.ingest.IngestSteps;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.ledger.LedgerStore;
import org.example.breachnotice.ledger.RunStarted;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.outbox.OutboxQueries;

/** What operators ask about executions: status of all incidents or one, and abandon. */
@Component
public class Executions {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

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

	public void list(PrintStream out) {
		List<JobExecution> all = executions(null);
		if (all.isEmpty()) {
			out.println("No incident has run in this state folder yet.");
			return;
		}
		out.printf("%-20s %-5s %-6s %-10s %-19s %-19s %6s %6s %s%n", "incident", "exec", "kind", "status", "started", "ended",
				"read", "reject", "notices (incident now)");
		for (String incident : all.stream().map(e -> e.getJobParameters().getString("incident")).distinct().toList()) {
			boolean first = true;
			for (JobExecution e : executions(incident)) {
				out.printf("%-20s %-5d %-6s %-10s %-19s %-19s %6d %6d %s%n", incident, e.getId(), kind(e), e.getStatus(),
						time(e.getStartTime()), time(e.getEndTime()), read(e), rejected(e),
						first ? line(queries.counts(incident)) : "");
				first = false;
			}
		}
	}

	public void describe(String incident, PrintStream out) {
		List<JobExecution> all = executions(incident);
		if (all.isEmpty()) {
			out.println("No execution of incident " + incident + " in this state folder.");
			return;
		}
		NoticeCounts counts = queries.counts(incident);
		out.println("Incident " + incident + ": " + line(counts));
		for (JobExecution e : all) {
			out.printf("%nExecution %d (%s) %s, started %s, ended %s, transport %s, operator %s%n", e.getId(), kind(e), e.getStatus(),
					time(e.getStartTime()), time(e.getEndTime()), e.getJobParameters().getString("transport"),
					e.getJobParameters().getString("operator"));
			for (StepExecution step : e.getStepExecutions()) {
				out.printf("  %-24s %-10s read %7d  written %7d  commits %6d  rollbacks %3d%n", step.getStepName(),
						step.getStatus(), step.getReadCount(), step.getWriteCount(), step.getCommitCount(), step.getRollbackCount());
			}
			e.getAllFailureExceptions().stream().map(ex -> Masking.redactAddresses(firstLine(ex)))
				.distinct().forEach(message -> out.println("  error: " + message));
		}
		if (counts.undelivered() > 0) {
			out.printf("%nLast undelivered notices (%d in all; `report %s` lists them all):%n", counts.undelivered(), incident);
			queries.lastUndelivered(incident, 10).forEach(n -> out.printf("  notice %-6s %-12s %-22s %-16s %s %s%n", n.id(),
					n.type(), Masking.email(n.email()), n.status(), n.replyCode() == null ? "" : n.replyCode(),
					Masking.redactAddresses(n.replyText())));
		}
	}

	/**
	 * Abandons the incident's stopped or failed executions: they never resume, and the notices
	 * of their dataset that are still PENDING become CANCELLED.
	 */
	@Transactional
	public boolean abandon(String incident, PrintStream out) {
		boolean any = false;
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
			out.printf("Execution %d abandoned: it will not resume; %d pending notice(s) cancelled.%n", e.getId(), cancelled);
			any = true;
		}
		if (!any) {
			out.println("Incident " + incident + " has no stopped or failed execution to abandon.");
		}
		return any;
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

	private static String line(NoticeCounts counts) {
		StringBuilder line = new StringBuilder();
		counts.byStatus().forEach((status, n) -> {
			if (n > 0 || status == NoticeStatus.PENDING || status == NoticeStatus.SENT) {
				line.append(line.length() == 0 ? "" : ", ").append(status.name().toLowerCase()).append(' ').append(n);
			}
		});
		if (counts.possibleDuplicates() > 0) {
			line.append(" (possible second copies ").append(counts.possibleDuplicates()).append(')');
		}
		return line.toString();
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

	private static String time(LocalDateTime time) {
		return time == null ? "-" : TIME.format(time);
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
