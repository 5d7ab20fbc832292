package org.example.breachnotice.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * What status, the run's summary, the dry run and the report ask about the notices of an incident,
 * as typed results: the only reader of the notice tables besides {@link Outbox}, which changes them.
 */
@Component
public class OutboxQueries {

	/** What notice counts are grouped by; a notice with several jurisdictions or organizations counts in each. */
	public enum Dimension {

		TYPE("LOWER(n.notice_type)"), LOCALE("n.locale"), TYPE_AND_LOCALE("LOWER(n.notice_type) || '.' || n.locale"),
		JURISDICTION("COALESCE(j.jurisdiction, '" + Dimension.NONE + "')"),
		TYPE_AND_JURISDICTION("LOWER(n.notice_type) || '.' || COALESCE(j.jurisdiction, '" + Dimension.NONE + "')"), ORGANIZATION("o.organization_id");

		/** The value of {@link #JURISDICTION} for a notice to a recipient in none (no country in the data). */
		public static final String NONE = "(none)";

		/** The SQL of a notice's value, over {@code notice n}, {@code notice_jurisdiction j}, {@code notice_organization o}. */
		private final String key;

		Dimension(String key) {
			this.key = key;
		}

	}

	/** One notice that was not delivered, for the lists of status and the report. */
	public record UndeliveredNotice(long id, NoticeType type, String locale, String email, NoticeStatus status, Integer replyCode,
			String replyText, Instant finishedAt) {
	}

	/** The person notices of one jurisdiction against its deadline. */
	public record DeadlineOutcome(long sentOnTime, long sentLate, long notDelivered) {
	}

	private static final RowMapper<UndeliveredNotice> UNDELIVERED = (rs, n) -> new UndeliveredNotice(rs.getLong("id"),
			NoticeType.valueOf(rs.getString("notice_type")), rs.getString("locale"), rs.getString("recipient_email"),
			NoticeStatus.valueOf(rs.getString("status")), (Integer) rs.getObject("reply_code"), rs.getString("reply_text"),
			instant(rs.getTimestamp("finished_at")));

	private static final String UNDELIVERED_SQL = "SELECT id, notice_type, locale, recipient_email, status, reply_code, reply_text,"
			+ " finished_at FROM notice WHERE incident_id = ? AND status IN " + NoticeStatus.UNDELIVERED_SQL;

	private final JdbcTemplate jdbc;

	public OutboxQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The incident's notices by status, and those whose recipient may have two copies: read in one
	 * pass, since {@code status} and the run's status snapshot ask for both every few seconds.
	 */
	public NoticeCounts counts(String incidentId) {
		Tally tally = new Tally();
		jdbc.query("""
				SELECT status, COUNT(*), SUM(CASE WHEN doubtful_attempts > 0 THEN 1 ELSE 0 END) FROM notice
				WHERE incident_id = ? GROUP BY status""", rs -> {
			tally.add(rs.getString(1), rs.getLong(2), rs.getLong(3));
		}, incidentId);
		return tally.counts();
	}

	/**
	 * A condition that the database checks on each row it reads but never looks rows up by. HSQLDB
	 * prefers an index with an equality to a range of the primary key: asked for the incident's
	 * newest notices, it walked all of the incident's (1M rows: 5 to 8 s, against 0.01 s).
	 */
	public static String filterOnly(String condition) {
		return "CASE WHEN " + condition + " THEN TRUE ELSE FALSE END";
	}

	/** The incident's notices counted along one dimension: each value (in name order) with its counts by status. */
	public Map<String, NoticeCounts> countsBy(String incidentId, Dimension dimension) {
		return countsBy(dimension, "n.incident_id = ?", incidentId);
	}

	/** The same, of the incident's notices with ids above {@code afterId}: what the dedupe made since then. */
	public Map<String, NoticeCounts> countsBy(String incidentId, Dimension dimension, long afterId) {
		return countsBy(dimension, "n.id > ? AND " + filterOnly("n.incident_id = ?"), afterId, incidentId);
	}

	private Map<String, NoticeCounts> countsBy(Dimension dimension, String notices, Object... noticeArgs) {
		String rows = switch (dimension) {
			// One row per notice.
			case TYPE, LOCALE, TYPE_AND_LOCALE -> "SELECT " + dimension.key + " AS k, n.status, n.doubtful_attempts FROM notice n"
					+ " WHERE " + notices;
			case JURISDICTION, TYPE_AND_JURISDICTION -> "SELECT " + dimension.key + " AS k, n.status, n.doubtful_attempts"
					+ " FROM notice n LEFT JOIN notice_jurisdiction j ON j.notice_id = n.id WHERE " + notices;
			// A person notice names each of the person's organizations; an administrator's notice, its own.
			case ORGANIZATION -> "SELECT " + dimension.key + " AS k, n.status, n.doubtful_attempts FROM notice n"
					+ " JOIN notice_organization o ON o.notice_id = n.id WHERE " + notices
					+ " UNION ALL SELECT n.organization_id, n.status, n.doubtful_attempts FROM notice n"
					+ " WHERE " + notices + " AND n.notice_type = 'ORGANIZATION'";
		};
		// The organization dimension reads the notices twice.
		Object[] args = dimension != Dimension.ORGANIZATION ? noticeArgs
				: Stream.of(noticeArgs, noticeArgs).flatMap(Arrays::stream).toArray();
		Map<String, Tally> tallies = new TreeMap<>();
		jdbc.query("SELECT k, status, COUNT(*), SUM(CASE WHEN doubtful_attempts > 0 THEN 1 ELSE 0 END) FROM (" + rows
				+ ") x GROUP BY k, status", rs -> {
			tallies.computeIfAbsent(rs.getString(1), k -> new Tally()).add(rs.getString(2), rs.getLong(3), rs.getLong(4));
		}, args);
		Map<String, NoticeCounts> counts = new TreeMap<>();
		tallies.forEach((key, tally) -> counts.put(key, tally.counts()));
		return counts;
	}

	/** Every undelivered notice ({@link NoticeStatus#UNDELIVERED}) of the incident, by id. */
	public List<UndeliveredNotice> undelivered(String incidentId) {
		return jdbc.query(UNDELIVERED_SQL + " ORDER BY id", UNDELIVERED, incidentId);
	}

	/** The undelivered notices that ended last, at most {@code limit}: status prints them every few seconds. */
	public List<UndeliveredNotice> lastUndelivered(String incidentId, int limit) {
		return jdbc.query(UNDELIVERED_SQL + " ORDER BY finished_at DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY", UNDELIVERED,
				incidentId);
	}

	/** The person notices of a jurisdiction: sent by the end of the day due (UTC), sent after it, or not (yet) delivered. */
	public DeadlineOutcome againstDeadline(String incidentId, String jurisdiction, LocalDate due) {
		long[] counts = new long[3];
		jdbc.query("""
				SELECT n.status, n.finished_at FROM notice n JOIN notice_jurisdiction j ON j.notice_id = n.id
				WHERE n.incident_id = ? AND j.jurisdiction = ? AND n.notice_type = 'PERSON'""", rs -> {
			Timestamp finished = rs.getTimestamp("finished_at");
			if (!NoticeStatus.SENT.name().equals(rs.getString("status")) || finished == null) {
				counts[2]++;
			}
			else if (finished.toInstant().atZone(ZoneOffset.UTC).toLocalDate().isAfter(due)) {
				counts[1]++;
			}
			else {
				counts[0]++;
			}
		}, incidentId, jurisdiction);
		return new DeadlineOutcome(counts[0], counts[1], counts[2]);
	}

	/** The person notices delivered (SENT) per UTC day: the report's curve against the deadlines. */
	public SortedMap<LocalDate, Long> personNoticesSentPerDay(String incidentId) {
		SortedMap<LocalDate, Long> perDay = new TreeMap<>();
		jdbc.query("SELECT finished_at FROM notice WHERE incident_id = ? AND notice_type = 'PERSON' AND status = 'SENT'"
				+ " AND finished_at IS NOT NULL", rs -> {
			perDay.merge(rs.getTimestamp(1).toInstant().atZone(ZoneOffset.UTC).toLocalDate(), 1L, Long::sum);
		}, incidentId);
		return perDay;
	}

	/**
	 * The person notices that direct notice could not reach (failed for good, or UNKNOWN and not
	 * resent, or bounced after the relay accepted it), per jurisdiction of their recipients: the
	 * population of a substitute notice.
	 */
	public Map<String, Long> undeliverableByJurisdiction(String incidentId) {
		return personNoticesByJurisdiction("COUNT(*)", NoticeStatus.UNDELIVERED_SQL, incidentId, (rs) -> rs.getLong(2));
	}

	/** The person notices still to send (PENDING or DEFERRED), per jurisdiction of their recipients. */
	public Map<String, Long> toSendByJurisdiction(String incidentId) {
		return personNoticesByJurisdiction("COUNT(*)", "('PENDING', 'DEFERRED')", incidentId, (rs) -> rs.getLong(2));
	}

	/** The latest next attempt of the DEFERRED person notices, per jurisdiction of their recipients. */
	public Map<String, Instant> lastDeferredAttemptByJurisdiction(String incidentId) {
		return personNoticesByJurisdiction("MAX(n.next_attempt_at)", "('DEFERRED')", incidentId,
				(rs) -> rs.getTimestamp(2).toInstant());
	}

	private interface Column<T> {

		T read(java.sql.ResultSet rs) throws java.sql.SQLException;

	}

	private <T> Map<String, T> personNoticesByJurisdiction(String aggregate, String statuses, String incidentId, Column<T> value) {
		Map<String, T> result = new TreeMap<>();
		jdbc.query("SELECT j.jurisdiction, " + aggregate + " FROM notice n JOIN notice_jurisdiction j ON j.notice_id = n.id"
				+ " WHERE n.incident_id = ? AND n.notice_type = 'PERSON' AND n.status IN " + statuses + " GROUP BY j.jurisdiction",
				rs -> {
					result.put(rs.getString(1), value.read(rs));
				}, incidentId);
		return result;
	}

	/** Every notice of the incident by id, with its status: what the report reconciles with the ledger. */
	public Map<Long, NoticeStatus> statusById(String incidentId) {
		Map<Long, NoticeStatus> statuses = new HashMap<>();
		jdbc.query("SELECT id, status FROM notice WHERE incident_id = ?", rs -> {
			statuses.put(rs.getLong(1), NoticeStatus.valueOf(rs.getString(2)));
		}, incidentId);
		return statuses;
	}

	/** Counts by status built from grouped rows: every status present, so that none can be left out of a total. */
	private static final class Tally {

		private final Map<NoticeStatus, Long> byStatus = new EnumMap<>(NoticeStatus.class);

		private long possibleDuplicates;

		Tally() {
			for (NoticeStatus status : NoticeStatus.values()) {
				byStatus.put(status, 0L);
			}
		}

		/**
		 * A doubtful attempt, then another that may have arrived: the rule of
		 * {@link Outbox.Outcome#possibleDuplicate()}, as the ledger entries state it.
		 */
		void add(String status, long notices, long withDoubtfulAttempts) {
			NoticeStatus known = NoticeStatus.valueOf(status);
			byStatus.merge(known, notices, Long::sum);
			if (known == NoticeStatus.SENT || known == NoticeStatus.UNKNOWN) {
				possibleDuplicates += withDoubtfulAttempts;
			}
		}

		NoticeCounts counts() {
			return new NoticeCounts(byStatus, possibleDuplicates);
		}

	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}
