package org.example.breachnotice.notification;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.example.breachnotice.delivery.WorkerHeartbeats;
import org.example.breachnotice.notification.ExecutionHistory.ExecutionDetail;
import org.example.breachnotice.notification.ExecutionHistory.IncidentExecutions;
import org.example.breachnotice.notification.ExecutionHistory.IncidentStatus;
import org.example.breachnotice.notification.ExecutionHistory.StepRow;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.support.Masking;

/**
 * The text of {@code status}: what the command prints and what a running job writes to its status
 * snapshot, which {@code status} prints while the state folder is busy. Addresses are masked.
 */
public final class StatusText {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private StatusText() {
	}

	/** Every incident and its executions, one line each. */
	public static String of(List<IncidentExecutions> incidents) {
		if (incidents.isEmpty()) {
			return "No incident has run in this state folder yet.\n";
		}
		StringBuilder text = new StringBuilder(String.format("%-20s %-5s %-6s %-10s %-19s %-19s %6s %6s %s%n", "incident", "exec",
				"kind", "status", "started", "ended", "read", "reject", "notices (incident now)"));
		for (IncidentExecutions incident : incidents) {
			boolean first = true;
			for (ExecutionHistory.ExecutionRow e : incident.executions()) {
				text.append(String.format("%-20s %-5d %-6s %-10s %-19s %-19s %6d %6d %s%n", incident.incident(), e.id(), e.kind(),
						e.status(), time(e.started()), time(e.ended()), e.read(), e.rejected(), first ? line(incident.counts()) : ""));
				first = false;
			}
		}
		return text.toString();
	}

	/** The workers of remote partitioning, when there are any: alive or not, and their partitions. */
	public static String workers(List<WorkerHeartbeats.Worker> workers) {
		if (workers.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder(String.format("%nWorkers (remote partitioning)%n%-40s %-6s %-20s %-20s %7s %7s%n",
				"worker", "state", "started", "last heartbeat", "running", "taken"));
		for (WorkerHeartbeats.Worker worker : workers) {
			text.append(String.format("%-40s %-6s %-20s %-20s %7d %7d%n", worker.name(), worker.alive() ? "alive" : "DEAD",
					instant(worker.startedAt()), instant(worker.beatAt()), worker.partitionsRunning(), worker.partitionsTaken()));
		}
		return text.toString();
	}

	/** One incident in detail: its executions, their steps and errors, the last undelivered notices. */
	public static String of(String incident, Optional<IncidentStatus> status) {
		if (status.isEmpty()) {
			return "No execution of incident " + incident + " in this state folder.\n";
		}
		IncidentStatus s = status.get();
		StringBuilder text = new StringBuilder("Incident " + incident + ": " + line(s.counts()) + "\n");
		for (ExecutionDetail detail : s.executions()) {
			ExecutionHistory.ExecutionRow e = detail.execution();
			text.append(String.format("%nExecution %d (%s) %s, started %s, ended %s, transport %s, operator %s%n", e.id(), e.kind(),
					e.status(), time(e.started()), time(e.ended()), detail.transport(), detail.operator()));
			for (StepRow step : detail.steps()) {
				text.append(String.format("  %-24s %-10s read %7d  written %7d  commits %6d  rollbacks %3d%n", step.name(),
						step.status(), step.read(), step.written(), step.commits(), step.rollbacks()));
			}
			detail.errors().forEach(message -> text.append("  error: ").append(message).append('\n'));
		}
		if (!s.lastUndelivered().isEmpty()) {
			text.append(String.format("%nLast undelivered notices (%d in all; `report %s` lists them all):%n", s.counts().undelivered(),
					incident));
			s.lastUndelivered().forEach(n -> text.append(String.format("  notice %-6s %-12s %-22s %-16s %s %s%n", n.id(), n.type(),
					Masking.email(n.email()), n.status(), n.replyCode() == null ? "" : n.replyCode(),
					Masking.redactAddresses(n.replyText()))));
		}
		return text.toString();
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

	/** UTC, to the second. */
	private static String instant(java.time.Instant instant) {
		return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
	}

	private static String time(LocalDateTime time) {
		return time == null ? "-" : TIME.format(time);
	}

}
