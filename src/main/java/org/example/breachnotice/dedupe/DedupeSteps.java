package org.example.breachnotice.dedupe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.ingest.IngestSteps;
import org.example.breachnotice.ingest.RowCounts;
import org.example.breachnotice.ingest.StagingRows;
import org.example.breachnotice.ledger.CanonicalJson;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.outbox.PartitionKeys;

/**
 * Turns staged rows into notices with set-based SQL, one range of partition keys per
 * transaction: one person notice per normalized e-mail per incident (naming every organization
 * the person appears in), and one organization notice per affected organization and distinct
 * admin address. A notice that the incident already has (from an earlier dataset) is never
 * created twice.
 * <p>
 * Each recipient's representative row is the first row with an explicit locale, else the first
 * row: it gives the name, the address as written and the locale.
 */
@Configuration(proxyBeanMethods = false)
public class DedupeSteps {

	public static final String STEP_NAME = "dedupeStep";

	private static final Logger log = LoggerFactory.getLogger(DedupeSteps.class);

	// Each statement works on the partition keys of KEYS_IN (see keyCondition). On HSQLDB that is
	// one key, by equality: it then uses the index on (run, key), where with BETWEEN, even of
	// one key, it scans every row of the dataset. PostgreSQL takes a whole range in one statement:
	// fewer statements to plan (100k rows: dedupe 5 s -> 3 s; at 1M, inserting dominates).
	// Person notices are made in e-mail order, as their identities go into notice_key: on HSQLDB, whose
	// index on person_row no longer orders a key's rows by e-mail, the 1M dedupe's ranges took 115-121 s
	// without that order and 103 s with it (97-101 s with the old index).

	private static final String PERSON_NOTICES = """
			INSERT INTO notice (incident_id, notice_type, recipient_key, organization_id, recipient_email, recipient_name,
			  organization_name, affected_people, locale, partition_key, run_key, status)
			SELECT ?, 'PERSON', p.email_key, '', p.email, p.name, NULL, 0, p.locale, p.partition_key, p.run_key, 'PENDING'
			FROM person_row p
			JOIN (SELECT email_key, COALESCE(MIN(CASE WHEN locale_explicit THEN line_no END), MIN(line_no)) AS rep_line
			      FROM person_row WHERE run_key = ? AND partition_key KEYS_IN GROUP BY email_key) r
			  ON p.email_key = r.email_key AND p.line_no = r.rep_line
			WHERE p.run_key = ? AND p.partition_key KEYS_IN
			  AND NOT EXISTS (SELECT 1 FROM notice_key k WHERE k.incident_id = ? AND k.notice_type = 'PERSON'
			                  AND k.recipient_key = p.email_key AND k.organization_id = '')
			ORDER BY p.email_key""";

	/** The rows of a key joined to their recipients' person notices (by their identity). */
	private static final String KEY_ROWS_AND_THEIR_NOTICE = """
			FROM person_row p
			JOIN notice_key k ON k.incident_id = ? AND k.notice_type = 'PERSON' AND k.recipient_key = p.email_key
			  AND k.organization_id = ''
			JOIN notice n ON n.id = k.notice_id
			WHERE p.run_key = ? AND p.partition_key KEYS_IN""";

	/** The rows of a key joined to the person notices this dataset made for them. */
	private static final String KEY_ROWS_WITH_NOTICE = KEY_ROWS_AND_THEIR_NOTICE + " AND n.run_key = p.run_key";

	/** The people of a key whom another dataset of the incident notified before this one. */
	private static final String PEOPLE_ALREADY_NOTIFIED = "SELECT COUNT(DISTINCT p.email_key) " + KEY_ROWS_AND_THEIR_NOTICE
			+ " AND n.run_key <> p.run_key";

	private static final String PERSON_ORGANIZATIONS = """
			INSERT INTO notice_organization (notice_id, organization_id, organization_name)
			SELECT n.id, p.organization_id, MAX(p.organization_name)
			""" + KEY_ROWS_WITH_NOTICE + """

			GROUP BY n.id, p.organization_id""";

	private static final String PERSON_JURISDICTIONS = """
			INSERT INTO notice_jurisdiction (notice_id, jurisdiction)
			SELECT DISTINCT n.id, p.jurisdiction
			""" + KEY_ROWS_WITH_NOTICE + """

			  AND p.jurisdiction <> ''""";

	/** Counted once, in one pass: joined as a derived table, HSQLDB counted it again for every admin row. */
	private static final String ORGANIZATION_PEOPLE = """
			INSERT INTO organization_people (run_key, organization_id, people)
			SELECT run_key, organization_id, COUNT(DISTINCT email_key) FROM person_row
			WHERE run_key = ? GROUP BY run_key, organization_id""";

	private static final String ORGANIZATION_JURISDICTIONS = """
			INSERT INTO notice_jurisdiction (notice_id, jurisdiction)
			SELECT DISTINCT n.id, a.jurisdiction FROM notice_key k
			JOIN notice n ON n.id = k.notice_id
			JOIN admin_row a ON a.run_key = n.run_key AND a.email_key = k.recipient_key
			  AND a.organization_id = k.organization_id
			WHERE k.incident_id = ? AND k.notice_type = 'ORGANIZATION' AND n.run_key = ? AND a.jurisdiction <> ''""";

	private static final String ORGANIZATION_NOTICES = """
			INSERT INTO notice (incident_id, notice_type, recipient_key, organization_id, recipient_email, recipient_name,
			  organization_name, affected_people, locale, partition_key, run_key, status)
			SELECT ?, 'ORGANIZATION', a.email_key, a.organization_id, a.email, a.admin_name, a.organization_name,
			  affected.people, a.locale, a.partition_key, a.run_key, 'PENDING'
			FROM admin_row a
			JOIN (SELECT organization_id, email_key,
			        COALESCE(MIN(CASE WHEN locale_explicit THEN line_no END), MIN(line_no)) AS rep_line
			      FROM admin_row WHERE run_key = ? GROUP BY organization_id, email_key) r
			  ON a.organization_id = r.organization_id AND a.email_key = r.email_key AND a.line_no = r.rep_line
			JOIN organization_people affected ON affected.run_key = a.run_key AND affected.organization_id = a.organization_id
			WHERE a.run_key = ?
			  AND NOT EXISTS (SELECT 1 FROM notice_key k WHERE k.incident_id = ? AND k.notice_type = 'ORGANIZATION'
			                  AND k.recipient_key = a.email_key AND k.organization_id = a.organization_id)""";

	/**
	 * The identity of the notices a statement just made: the incident's notices above the largest id
	 * before it (one dedupe per incident at a time, see notification.IncidentLock), found by id. A
	 * second notice to one recipient fails here, on notice_key's primary key, and rolls its range back.
	 */
	private static final String NEW_NOTICE_KEYS = """
			INSERT INTO notice_key (incident_id, notice_type, recipient_key, organization_id, notice_id)
			SELECT incident_id, notice_type, recipient_key, organization_id, id FROM notice
			WHERE id > ?""" + " AND " + OutboxQueries.filterOnly("incident_id = ?");

	/** Ranges of the partition keys that person notices are made in. */
	private static final int RANGES = 16;

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final JdbcTemplate jdbc;

	private final OutboxQueries queries;

	private final Ledger ledger;

	private final StagingRows stagingRows;

	private final boolean postgresql;

	private final int keysPerStatement;

	/** The person statements with this database's key condition, resolved once. */
	private final String personNotices, personOrganizations, personJurisdictions, peopleAlreadyNotified;

	public DedupeSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
			OutboxQueries queries, Ledger ledger, StagingRows stagingRows, @Value("${breach-notice.database}") String database) {
		this.stagingRows = stagingRows;
		this.postgresql = "postgresql".equals(database);
		this.keysPerStatement = postgresql ? PartitionKeys.COUNT / RANGES : 1;
		this.personNotices = keyCondition(PERSON_NOTICES);
		this.personOrganizations = keyCondition(PERSON_ORGANIZATIONS);
		this.personJurisdictions = keyCondition(PERSON_JURISDICTIONS);
		this.peopleAlreadyNotified = keyCondition(PEOPLE_ALREADY_NOTIFIED);
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.jdbc = jdbc;
		this.queries = queries;
		this.ledger = ledger;
	}

	@Bean(STEP_NAME)
	public Step dedupeStep(Tasklet dedupe) {
		return new StepBuilder(STEP_NAME, jobRepository).tasklet(dedupe, transactionManager).build();
	}

	/**
	 * Person notices are made one range of partition keys at a time (a recipient's rows share
	 * their key), each range in its own transaction with the step's progress, so that neither
	 * the heap nor a restart has to hold the whole dataset; organization notices, the summary and
	 * its ledger entry come last. The summary's counts are taken as the notices are made
	 * ({@link DedupeTally}), starting from the incident's notices of earlier datasets.
	 */
	@Bean
	@StepScope
	Tasklet dedupe(RunParameters run, OutputFolder output) {
		String incident = run.incident();
		String runKey = run.runKey();
		Path summaryFile = output.summary();
		return (contribution, context) -> {
			ExecutionContext progress = contribution.getStepExecution().getExecutionContext();
			DedupeTally tally = DedupeTally.from(progress);
			int range = progress.getInt("nextRange", 0);
			if (range < RANGES) {
				int from = range * PartitionKeys.COUNT / RANGES;
				int to = (range + 1) * PartitionKeys.COUNT / RANGES - 1;
				long started = System.nanoTime();
				if (range == 0) {
					// The staging rows written a moment ago: without statistics, taken for empty tables.
					analyze("person_row", "admin_row");
					tallyEarlierNotices(tally, incident, runKey);
				}
				int notices = 0;
				for (int first = from; first <= to; first += keysPerStatement) {
					Object[] keys = postgresql ? new Object[] { first, Math.min(first + keysPerStatement - 1, to) }
							: new Object[] { first };
					long lastId = lastNoticeId();
					notices += makeNotices(personNotices, args(incident, runKey, keys, runKey, keys, incident), incident, lastId);
					if (first == 0) {
						// The first notices: planned on an empty notice_key, the join of the first range's rows to
						// their notices scanned notice_key once per row (the 1M dedupe's first range took 652 s, not 2).
						analyze("notice", "notice_key");
					}
					jdbc.update(personOrganizations, args(incident, runKey, keys));
					jdbc.update(personJurisdictions, args(incident, runKey, keys));
					tallyNoticesMade(tally, incident, lastId);
					// Only a later dataset of an incident can name people whom another one notified.
					if (tally.get(DedupeTally.OTHER_DATASETS_PERSON_NOTICES) > 0) {
						tally.add(DedupeTally.PEOPLE_ALREADY_NOTIFIED,
								jdbc.queryForObject(peopleAlreadyNotified, Long.class, args(incident, runKey, keys)));
					}
				}
				tally.add(DedupeTally.PERSON_NOTICES, notices);
				tally.saveTo(progress);
				progress.putInt("nextRange", range + 1);
				log.info("Dedupe: partition keys {}-{} (range {} of {}): {} person notices in {} s", from, to, range + 1, RANGES,
						notices, seconds(started));
				return RepeatStatus.CONTINUABLE;
			}
			long started = System.nanoTime();
			long lastId = lastNoticeId();
			jdbc.update(ORGANIZATION_PEOPLE, runKey);
			int organizationNotices = makeNotices(ORGANIZATION_NOTICES, args(incident, runKey, runKey, incident), incident, lastId);
			jdbc.update(ORGANIZATION_JURISDICTIONS, incident, runKey);
			tallyNoticesMade(tally, incident, lastId);
			// For the send: without statistics, each page's look-up in notice_organization scanned the whole table
			// (300k rows: 213 µs of PostgreSQL's time per notice; autovacuum analyzed it after the send ended).
			analyze("notice", "notice_key", "notice_organization", "notice_jurisdiction");
			log.info("Dedupe: {} organization notices in {} s", organizationNotices, seconds(started));
			Map<String, Object> summary = summary(incident, runKey, rowsCountedByTheGate(contribution.getStepExecution())
				.orElseGet(() -> stagingRows.counts(runKey)), tally);
			write(summaryFile, summary);
			ledger.append(incident, "DEDUPE_SUMMARY", summary);
			log.info("Deduplicated in {} s: notices by type and locale {}; summary in {}",
					Duration.between(contribution.getStepExecution().getStartTime(), LocalDateTime.now()).toSeconds(),
					summary.get("notices_by_type_and_locale"), summaryFile);
			return RepeatStatus.FINISHED;
		};
	}

	/**
	 * Before the first notice of this dataset: the incident's notices so far, which the summary
	 * counts too, and its person notices by whether this dataset made them (in an earlier run of the
	 * same files) or another. On an incident's first dataset, empty look-ups.
	 */
	private void tallyEarlierNotices(DedupeTally tally, String incident, String runKey) {
		tally.add(DedupeTally.BY_TYPE_AND_LOCALE, queries.countsBy(incident, OutboxQueries.Dimension.TYPE_AND_LOCALE));
		tally.add(DedupeTally.BY_JURISDICTION, queries.countsBy(incident, OutboxQueries.Dimension.JURISDICTION));
		jdbc.query("""
				SELECT SUM(CASE WHEN run_key = ? THEN 1 ELSE 0 END), SUM(CASE WHEN run_key = ? THEN 0 ELSE 1 END) FROM notice
				WHERE incident_id = ? AND notice_type = 'PERSON'""", rs -> {
			tally.add(DedupeTally.PERSON_NOTICES, rs.getLong(1));
			tally.add(DedupeTally.OTHER_DATASETS_PERSON_NOTICES, rs.getLong(2));
		}, runKey, runKey, incident);
	}

	/** The notices made since {@code lastId}, with their jurisdictions. */
	private void tallyNoticesMade(DedupeTally tally, String incident, long lastId) {
		tally.add(DedupeTally.BY_TYPE_AND_LOCALE, queries.countsBy(incident, OutboxQueries.Dimension.TYPE_AND_LOCALE, lastId));
		tally.add(DedupeTally.BY_JURISDICTION, queries.countsBy(incident, OutboxQueries.Dimension.JURISDICTION, lastId));
	}

	private Map<String, Object> summary(String incident, String runKey, RowCounts rows, DedupeTally tally) {
		Map<String, Object> s = new LinkedHashMap<>();
		long alreadyNotified = tally.get(DedupeTally.PEOPLE_ALREADY_NOTIFIED);
		// Every distinct person of this dataset has a notice from it, or from an earlier dataset.
		long people = tally.get(DedupeTally.PERSON_NOTICES) + alreadyNotified;
		s.put("incident", incident);
		s.put("people_rows_read", rows.peopleRead());
		s.put("people_rows_rejected", rows.peopleRejected());
		s.put("organization_rows_read", rows.organizationsRead());
		s.put("organization_rows_rejected", rows.organizationsRejected());
		s.put("duplicates_merged", rows.peopleStaged() - people);
		s.put("people", people);
		s.put("organizations", count("SELECT COUNT(*) FROM organization_people WHERE run_key = ?", runKey));
		s.put("admin_contacts", count("""
				SELECT COUNT(*) FROM (SELECT DISTINCT a.organization_id, a.email_key FROM admin_row a
				  WHERE a.run_key = ? AND EXISTS (SELECT 1 FROM organization_people o WHERE o.run_key = a.run_key
				  AND o.organization_id = a.organization_id)) x""", runKey));
		s.put("organizations_without_admin_contact", count("""
				SELECT COUNT(*) FROM organization_people o WHERE o.run_key = ?
				  AND NOT EXISTS (SELECT 1 FROM admin_row a WHERE a.run_key = o.run_key AND a.organization_id = o.organization_id)""",
				runKey));
		s.put("admin_rows_for_unaffected_organizations", count("""
				SELECT COUNT(*) FROM admin_row a WHERE a.run_key = ?
				  AND NOT EXISTS (SELECT 1 FROM organization_people o WHERE o.run_key = a.run_key
				  AND o.organization_id = a.organization_id)""", runKey));
		s.put(DedupeTally.BY_TYPE_AND_LOCALE, tally.group(DedupeTally.BY_TYPE_AND_LOCALE));
		Map<String, Long> jurisdictions = tally.group(DedupeTally.BY_JURISDICTION);
		jurisdictions.remove(OutboxQueries.Dimension.NONE);
		s.put(DedupeTally.BY_JURISDICTION, jurisdictions);
		s.put("people_already_notified_by_earlier_datasets", alreadyNotified);
		return s;
	}

	/** The dataset's rows as the reject gate counted them, in this job execution or an earlier one of its instance. */
	private Optional<RowCounts> rowsCountedByTheGate(StepExecution dedupe) {
		StepExecution gate = jobRepository.getLastStepExecution(dedupe.getJobExecution().getJobInstance(),
				IngestSteps.REJECT_GATE_STEP);
		return gate == null ? Optional.empty() : RowCounts.from(gate.getExecutionContext());
	}

	/**
	 * PostgreSQL plans with statistics that autovacuum gathers only later: the dedupe gathers them
	 * itself where a plan depends on them.
	 */
	private void analyze(String... tables) {
		if (postgresql) {
			jdbc.execute("ANALYZE " + String.join(", ", tables));
		}
	}

	/** The largest notice id so far, or -1 (ids start at 0). */
	private long lastNoticeId() {
		// Not COALESCE(MAX(id), -1): HSQLDB then scans the table instead of reading the index's end.
		Long lastId = jdbc.queryForObject("SELECT MAX(id) FROM notice", Long.class);
		return lastId == null ? -1 : lastId;
	}

	/** Runs an INSERT of notices, then records their identity in notice_key: the notices above {@code lastId}. */
	private int makeNotices(String insertNotices, Object[] insertArgs, String incident, long lastId) {
		int notices = jdbc.update(insertNotices, insertArgs);
		int keyed = notices == 0 ? 0 : jdbc.update(NEW_NOTICE_KEYS, lastId, incident);
		if (keyed != notices) {
			// Another process made notices of this incident meanwhile: the incident lock was bypassed.
			throw new IllegalStateException("Dedupe made " + notices + " notices of incident " + incident + " but found "
					+ keyed + ": was another run of it started without the incident lock? Nothing of this range is kept.");
		}
		return notices;
	}

	private String keyCondition(String sql) {
		return sql.replace("KEYS_IN", postgresql ? "BETWEEN ? AND ?" : "= ?");
	}

	/** The arguments, with each Object[] among them spliced in. */
	private static Object[] args(Object... parts) {
		return Arrays.stream(parts)
			.flatMap(part -> part instanceof Object[] many ? Arrays.stream(many) : Stream.of(part))
			.toArray();
	}

	private static String seconds(long startedNanos) {
		return String.format("%.1f", (System.nanoTime() - startedNanos) / 1e9);
	}

	private long count(String sql, Object... args) {
		return jdbc.queryForObject(sql, Long.class, args);
	}

	private static void write(Path file, Map<String, Object> summary) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, CanonicalJson.write(summary) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

}
