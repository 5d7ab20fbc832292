package org.example.breachnotice.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.ledger.Hashes;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.support.ProgressLog;
import org.example.breachnotice.support.SpreadsheetCsv;

/**
 * The ingest steps: people, then organizations' admin contacts (chunked, restartable), then the
 * reject gate that writes rejects.csv and stops the job before any sending when too large a
 * share of a file was rejected (usually a wrong file or column mapping). Their readers, writers
 * and gate are step-scoped: each execution reads the files of its own run.
 */
@Configuration(proxyBeanMethods = false)
public class IngestSteps {

	/** The steps that read the input files. */
	public static final String PEOPLE_STEP = "ingestPeopleStep", ORGANIZATIONS_STEP = "ingestOrganizationsStep";

	/** The step that writes rejects.csv and stops the job when too many rows were rejected. */
	public static final String REJECT_GATE_STEP = "rejectGateStep";

	/** The reject gate's execution-context key: how many rows of both files were rejected (a Long). */
	public static final String REJECTED = "rejected";

	/** Rows staged per transaction (and per restart checkpoint). */
	static final int CHUNK_SIZE = 500;

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final JdbcTemplate jdbc;

	private final Ledger ledger;

	private final StagingRows stagingRows;

	public IngestSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
			Ledger ledger, StagingRows stagingRows) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.stagingRows = stagingRows;
	}

	@Bean(PEOPLE_STEP)
	public Step ingestPeopleStep(ItemStreamReader<CsvRow> peopleReader, ItemWriter<IngestedRow> ingestWriter) {
		return ingest(PEOPLE_STEP, peopleReader, RowValidator.people(), ingestWriter);
	}

	@Bean(ORGANIZATIONS_STEP)
	public Step ingestOrganizationsStep(ItemStreamReader<CsvRow> organizationsReader, ItemWriter<IngestedRow> ingestWriter) {
		return ingest(ORGANIZATIONS_STEP, organizationsReader, RowValidator.organizations(), ingestWriter);
	}

	private Step ingest(String name, ItemStreamReader<CsvRow> reader, RowValidator validator, ItemWriter<IngestedRow> writer) {
		return new StepBuilder(name, jobRepository).<CsvRow, IngestedRow>chunk(CHUNK_SIZE)
			.transactionManager(transactionManager)
			.reader(reader)
			.processor(validator)
			.writer(writer)
			.listener(new ProgressLog(name + " rows", null))
			.build();
	}

	@Bean
	@StepScope
	ItemStreamReader<CsvRow> peopleReader(Campaign campaign) {
		return CsvRowReader.people(campaign);
	}

	/** Without an organizations file: no rows. */
	@Bean
	@StepScope
	ItemStreamReader<CsvRow> organizationsReader(Campaign campaign) {
		return campaign.dataset().organizations() == null ? () -> null : CsvRowReader.organizations(campaign);
	}

	@Bean
	@StepScope
	ItemWriter<IngestedRow> ingestWriter(RunParameters run) {
		return new IngestWriter(jdbc, run.runKey());
	}

	@Bean(REJECT_GATE_STEP)
	public Step rejectGateStep(Tasklet rejectGate) {
		return new StepBuilder(REJECT_GATE_STEP, jobRepository).tasklet(rejectGate, transactionManager).build();
	}

	@Bean
	@StepScope
	Tasklet rejectGate(Campaign campaign, RunParameters run, OutputFolder output) {
		String runKey = run.runKey();
		Path rejectsFile = output.rejects();
		TransactionTemplate requiresNew = new TransactionTemplate(transactionManager);
		requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return (contribution, context) -> {
			writeRejects(runKey, rejectsFile);
			RowCounts rows = stagingRows.counts(runKey);
			String exceeded = exceeded(campaign, "people", rows.peopleRead(), rows.peopleRejected(), rejectsFile);
			if (exceeded == null) {
				exceeded = exceeded(campaign, "organizations", rows.organizationsRead(), rows.organizationsRejected(), rejectsFile);
			}
			Map<String, Object> counts = rows.fields();
			counts.put("rejects_file_sha256", Hashes.sha256(rejectsFile));
			rows.saveTo(context.getStepContext().getStepExecution().getExecutionContext());
			// Its own transaction: the count is evidence even when the gate then fails the step.
			requiresNew.executeWithoutResult(status -> ledger.append(campaign.incidentId(), "INGEST_REJECTS", counts));
			if (exceeded != null) {
				throw new RejectThresholdExceeded(exceeded);
			}
			return RepeatStatus.FINISHED;
		};
	}

	private static String exceeded(Campaign campaign, String source, long read, long rejected, Path rejectsFile) {
		double share = read == 0 ? 0 : (double) rejected / read;
		if (share <= campaign.dataset().maxRejectShare()) {
			return null;
		}
		return String.format("%d of %d %s rows (%.1f%%) were rejected, more than the %.1f%% allowed by "
				+ "dataset.max_reject_share: that usually means a wrong file or column mapping. Nothing was sent. "
				+ "See %s, fix the data or the job file, and run again.", rejected, read, source, share * 100,
				campaign.dataset().maxRejectShare() * 100, rejectsFile);
	}

	private void writeRejects(String runKey, Path file) {
		try {
			Files.createDirectories(file.getParent());
			try (SpreadsheetCsv csv = SpreadsheetCsv.open(Files.newBufferedWriter(file), "source", "line", "field", "reason")) {
				jdbc.query("SELECT source, line_no, field, reason FROM reject_row WHERE run_key = ? ORDER BY source DESC, line_no, field",
						rs -> {
							csv.row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4));
						}, runKey);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	/** Too many rejects: the job stops before sending anything. */
	public static class RejectThresholdExceeded extends RuntimeException {

		RejectThresholdExceeded(String message) {
			super(message);
		}

	}

}
