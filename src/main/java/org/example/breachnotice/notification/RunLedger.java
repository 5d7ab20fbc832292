package org.example.breachnotice.notification;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.ledger.Hashes;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.ledger.RecipientHmac;
import org.example.breachnotice.ledger.RunStarted;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.render.NoticeRenderer;

/**
 * Brackets each execution of the notification and retry jobs in the ledger: RUN_STARTED with the
 * hash of every input and template and the incident's facts, RUN_FINISHED with the outcome and a
 * signed checkpoint. Also tells {@link RunControl} which execution a stop applies to.
 */
@Component
class RunLedger implements JobExecutionListener {

	private final RunControl runControl;

	private final Ledger ledger;

	private final RecipientHmac hmac;

	private final OutboxQueries queries;

	private final TransactionTemplate tx;

	/** What each job execution's end counted, until its runner takes it. */
	private final Map<Long, NoticeCounts> countsAtEnd = new ConcurrentHashMap<>();

	RunLedger(RunControl runControl, Ledger ledger, RecipientHmac hmac, OutboxQueries queries,
			PlatformTransactionManager transactionManager) {
		this.runControl = runControl;
		this.ledger = ledger;
		this.hmac = hmac;
		this.queries = queries;
		this.tx = new TransactionTemplate(transactionManager);
	}

	@Override
	public void beforeJob(JobExecution execution) {
		runControl.started(execution);
		RunParameters run = new RunParameters(execution.getJobParameters());
		Campaign campaign = run.campaign();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("execution_id", execution.getId());
		fields.put("job_file", campaign.jobFile().toAbsolutePath().toString());
		fields.put("job", execution.getJobInstance().getJobName());
		fields.put("retry_request", execution.getJobParameters().getString(RunParameters.RETRY));
		fields.put("job_file_sha256", Hashes.sha256(campaign.jobFile()));
		Map<String, Object> inputs = new LinkedHashMap<>();
		for (Path input : campaign.inputFiles()) {
			inputs.put(input.toString(), Hashes.sha256(input));
		}
		fields.put("inputs_sha256", inputs);
		fields.put("templates_sha256", new NoticeRenderer(campaign.templates()).hashesOfAllFiles());
		fields.put("transport", run.transport());
		fields.put("resend_unknown", run.resendUnknown());
		fields.put("recipient_hmac_key", hmac.fingerprint());
		fields.put("operator", execution.getJobParameters().getString(RunParameters.OPERATOR));
		fields.put("approval_seq", execution.getJobParameters().getString(RunParameters.APPROVAL));
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
		String incident = new RunParameters(execution.getJobParameters()).incident();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("execution_id", execution.getId());
		fields.put("status", execution.getStatus().name());
		NoticeCounts notices = queries.counts(incident);
		Map<String, Object> counts = new LinkedHashMap<>();
		notices.byStatus().forEach((status, n) -> counts.put(status.name(), n));
		fields.put("notices_by_status", counts);
		countsAtEnd.put(execution.getId(), notices);
		tx.executeWithoutResult(status -> {
			ledger.append(incident, "RUN_FINISHED", fields);
			ledger.checkpointAfterCommit(incident);
		});
	}

	/**
	 * The incident's notices as the job execution left them, as its RUN_FINISHED entry says: the
	 * runner's outcome takes them rather than count again (the incident lock keeps them so; on
	 * HSQLDB a count of 784,122 notices takes 4 to 6 s). Empty if the execution did not end here.
	 */
	Optional<NoticeCounts> takeCountsAtEnd(JobExecution execution) {
		return Optional.ofNullable(countsAtEnd.remove(execution.getId()));
	}

}
