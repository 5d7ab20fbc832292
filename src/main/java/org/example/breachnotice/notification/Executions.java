package org.example.breachnotice.notification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.ledger.LedgerStore;
import org.example.breachnotice.ledger.RunStarted;
import org.example.breachnotice.outbox.Outbox;

/** What operators do to an incident's executions: abandon them, and find the job file of its last run. */
@Component
public class Executions {

	private final ExecutionHistory history;

	private final JobRepository jobRepository;

	private final JobOperator jobOperator;

	private final Outbox outbox;

	private final LedgerStore ledgerStore;

	private final Ledger ledger;

	public Executions(ExecutionHistory history, JobRepository jobRepository, JobOperator jobOperator, Outbox outbox,
			LedgerStore ledgerStore, Ledger ledger) {
		this.history = history;
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
		this.outbox = outbox;
		this.ledgerStore = ledgerStore;
		this.ledger = ledger;
	}

	/** An execution abandoned, and how many of its pending notices were cancelled. */
	public record Abandoned(long executionId, int cancelled) {
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
		for (JobExecution e : history.executions(incident)) {
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
			String runKey = incident + ":" + e.getJobParameters().getString(RunParameters.INPUTS);
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
	public Path jobFileOf(String incident) {
		if (Files.isRegularFile(Path.of(incident))) {
			return Path.of(incident);
		}
		if (!Campaign.INCIDENT_ID.matcher(incident).matches()) {
			throw new IllegalArgumentException("'" + incident + "' is neither a job file nor an incident id");
		}
		return ledgerStore.lastRunStarted(incident).map(RunStarted::jobFile).orElseThrow(() -> new IllegalArgumentException(
				"No run of incident '" + incident + "' in this state folder: give its job file instead"));
	}

}
