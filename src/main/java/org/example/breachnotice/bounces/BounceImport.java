package org.example.breachnotice.bounces;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.example.breachnotice.ingest.EmailKeys;
import org.example.breachnotice.ledger.Checkpoints;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.support.Masking;

/**
 * Reconciles delivery reports with the notices of one incident: among the notices to the recipient
 * the report is about, the one whose Message-ID the report quotes or, when the job sets
 * {@code sender.return_path}, whose key is in the VERP address the report came back to. A permanent failure records NOTICE_BOUNCED and the notice
 * becomes BOUNCED; a delay report records NOTICE_DELAYED and changes nothing; an abuse report
 * records NOTICE_COMPLAINT. Each report is recorded in {@code bounce_report} in the same
 * transaction as its ledger entry, so that a second reading, or one after a crash mid-import,
 * records nothing twice. Reports that match no notice of the incident are counted and left alone.
 */
@Component
public class BounceImport {

	private final JdbcTemplate jdbc;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Checkpoints checkpoints;

	public BounceImport(JdbcTemplate jdbc, Outbox outbox, PlatformTransactionManager transactionManager, Clock clock,
			Checkpoints checkpoints) {
		this.checkpoints = checkpoints;
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/** What one reading found; {@code notReports}: messages that are no delivery or abuse report. */
	public record Result(int messages, int bounced, int delayed, int complaints, int other, int alreadyRecorded, int unmatched,
			int notReports) {
	}

	/** @param progress told the count of messages read so far, after each */
	public Result importFrom(String incidentId, Mailbox mailbox, Consumer<Integer> progress) throws Exception {
		Map<String, Integer> counts = new LinkedHashMap<>();
		int[] messages = { 0 };
		mailbox.read((message, where) -> {
			List<DeliveryReport> reports;
			try {
				reports = DeliveryReports.parse(message);
			}
			catch (Exception unreadable) {
				reports = List.of(); // a mangled message is no report we can act on
			}
			if (reports.isEmpty()) {
				counts.merge("notReports", 1, Integer::sum);
			}
			for (DeliveryReport report : reports) {
				counts.merge(record(incidentId, report), 1, Integer::sum);
			}
			progress.accept(++messages[0]);
		});
		if (counts.containsKey("bounced") || counts.containsKey("delayed") || counts.containsKey("complaints")) {
			checkpoints.write(incidentId);
		}
		return new Result(messages[0], counts.getOrDefault("bounced", 0), counts.getOrDefault("delayed", 0),
				counts.getOrDefault("complaints", 0), counts.getOrDefault("other", 0), counts.getOrDefault("alreadyRecorded", 0),
				counts.getOrDefault("unmatched", 0), counts.getOrDefault("notReports", 0));
	}

	/** @return the count this report goes into */
	private String record(String incidentId, DeliveryReport report) {
		return transactions.execute(status -> {
			if (jdbc.queryForObject("SELECT COUNT(*) FROM bounce_report WHERE report_id = ?", Long.class, report.reportId()) > 0) {
				return "alreadyRecorded";
			}
			Optional<Notice> notice = report.recipient() == null ? Optional.empty()
					: outbox.byRecipientKey(incidentId, EmailKeys.of(report.recipient())).stream()
						.filter(candidate -> candidate.messageId() != null && (candidate.messageId().equals(report.originalMessageId())
								|| candidate.idempotencyKey().equals(report.verpKey())))
						.findFirst();
			if (notice.isEmpty()) {
				return "unmatched"; // not ours, or another incident's: left alone, and looked at again next time
			}
			jdbc.update("INSERT INTO bounce_report (report_id, notice_id, kind, status_code, recorded_at) VALUES (?, ?, ?, ?, ?)",
					report.reportId(), notice.get().id(), report.kind().name(), report.statusCode(),
					Timestamp.from(Instant.now(clock)));
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("report_message_id", report.reportId());
			fields.put("reporting_mta", report.reportingMta());
			fields.put("action", report.action());
			fields.put("status_code", report.statusCode());
			// Diagnostics quote the address; the hashed payload must not hold it (erasure).
			fields.put("diagnostic", Masking.redactAddresses(truncate(report.diagnostic())));
			return switch (report.kind()) {
				case BOUNCE -> {
					outbox.bounced(notice.get(), fields);
					yield "bounced";
				}
				case DELAY -> {
					outbox.reported(notice.get(), "NOTICE_DELAYED", fields);
					yield "delayed";
				}
				case COMPLAINT -> {
					outbox.reported(notice.get(), "NOTICE_COMPLAINT", fields);
					yield "complaints";
				}
				case OTHER -> "other";
			};
		});
	}

	private static String truncate(String text) {
		return text == null || text.length() <= 500 ? text : text.substring(0, 500);
	}

}
