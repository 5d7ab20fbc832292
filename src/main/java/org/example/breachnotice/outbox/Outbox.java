package org.example.breachnotice.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import org.example.breachnotice.Masking;
import org.example.breachnotice.ledger.Ledger;

/**
 * The per-recipient outbox. Each state change commits in its own transaction, apart from the
 * chunk's: the claim is durable before the SMTP transaction starts and the outcome (with its
 * ledger entry) right after it, so no chunk retry, scan or restart can send a notice twice.
 */
@Component
public class Outbox {

	public static final RowMapper<Notice> NOTICE = (rs, n) -> new Notice(rs.getLong("id"), rs.getString("incident_id"),
			NoticeType.valueOf(rs.getString("notice_type")), rs.getString("recipient_key"),
			rs.getString("organization_id"), rs.getString("recipient_email"), rs.getString("recipient_name"),
			rs.getString("organization_name"), rs.getInt("affected_people"), rs.getString("locale"),
			rs.getInt("partition_key"), rs.getString("message_id"));

	private final JdbcTemplate jdbc;

	private final Ledger ledger;

	private final Clock clock;

	public Outbox(JdbcTemplate jdbc, Ledger ledger, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.clock = clock;
	}

	/**
	 * PENDING -> SENDING for a batch, committed now, before any of them is sent.
	 * @return the notices this call claimed (the others were already claimed or finished)
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public List<Notice> claimAll(List<Notice> notices) {
		if (notices.isEmpty()) {
			return List.of();
		}
		Timestamp now = now();
		int[] updated = jdbc.batchUpdate("""
				UPDATE notice SET status = 'SENDING', claimed_at = ?, attempts = attempts + 1, message_id = ?
				WHERE id = ? AND status = 'PENDING'""", notices.stream()
			.map(n -> new Object[] { now, n.messageId(), n.id() }).toList());
		List<Notice> claimed = new ArrayList<>();
		for (int i = 0; i < notices.size(); i++) {
			// Some drivers report SUCCESS_NO_INFO (-2) for a batch: re-read those.
			if (updated[i] == 1 || (updated[i] < 0 && "SENDING".equals(jdbc.queryForObject(
					"SELECT status FROM notice WHERE id = ?", String.class, notices.get(i).id())))) {
				claimed.add(notices.get(i));
			}
		}
		return claimed;
	}

	/** The outcome of one notice, with the evidence the ledger keeps. */
	public record Outcome(Notice notice, NoticeStatus status, Integer replyCode, String replyText, Map<String, ?> evidence) {
	}

	/**
	 * SENDING -> outcome for a batch, each with its ledger entry, in one committed transaction.
	 * PENDING as an outcome releases a claimed notice that was never handed to a server.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void finishAll(List<Outcome> outcomes) {
		if (outcomes.isEmpty()) {
			return;
		}
		Timestamp now = now();
		List<Object[]> finished = new ArrayList<>();
		List<Object[]> released = new ArrayList<>();
		List<Ledger.Entry> entries = new ArrayList<>();
		for (Outcome outcome : outcomes) {
			if (outcome.status() == NoticeStatus.PENDING) {
				released.add(new Object[] { outcome.notice().id() });
				continue;
			}
			finished.add(new Object[] { outcome.status().name(), now, outcome.replyCode(), truncate(outcome.replyText()),
					outcome.notice().id() });
			Map<String, Object> fields = describe(outcome.notice());
			fields.put("status", outcome.status().name());
			fields.put("reply_code", outcome.replyCode());
			// Replies often echo the address; the hashed payload must not hold it (erasure).
			fields.put("reply_text", Masking.redactAddresses(truncate(outcome.replyText())));
			fields.putAll(outcome.evidence());
			entries.add(new Ledger.Entry(outcome.notice().incidentId(), "NOTICE_" + outcome.status().name(),
					outcome.notice().recipientKey(), fields));
		}
		if (!finished.isEmpty()) {
			jdbc.batchUpdate("""
					UPDATE notice SET status = ?, finished_at = ?, reply_code = ?, reply_text = ?
					WHERE id = ? AND status = 'SENDING'""", finished);
			ledger.appendAll(entries);
		}
		if (!released.isEmpty()) {
			jdbc.batchUpdate("UPDATE notice SET status = 'PENDING', claimed_at = NULL WHERE id = ? AND status = 'SENDING'",
					released);
		}
	}

	/**
	 * The ids of the pending notices of one partition (a range of partition keys), in id order:
	 * read once when the partition starts, so that each page is a primary-key lookup rather than a
	 * scan past the other partitions' rows (8 bytes a notice: 8 MB for a million).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
	public long[] pendingIds(String incidentId, int fromKey, int toKey) {
		List<Long> ids = jdbc.queryForList("""
				SELECT id FROM notice WHERE incident_id = ? AND status = 'PENDING' AND partition_key BETWEEN ? AND ?
				ORDER BY id""", Long.class, incidentId, fromKey, toKey);
		return ids.stream().mapToLong(Long::longValue).toArray();
	}

	/** How many notices of the incident are PENDING, per partition key (0..keys-1). */
	@Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
	public long[] pendingPerKey(String incidentId, int keys) {
		long[] counts = new long[keys];
		jdbc.query("SELECT partition_key, COUNT(*) FROM notice WHERE incident_id = ? AND status = 'PENDING' GROUP BY partition_key",
				rs -> {
					counts[rs.getInt(1)] = rs.getLong(2);
				}, incidentId);
		return counts;
	}

	/**
	 * The notices with these ids that are still PENDING, in id order. Like every read of the send
	 * path, in a transaction of its own: a send partition runs in a step "transaction" whose
	 * synchronization would otherwise keep the connection bound to the thread while SMTP is in
	 * progress (and starve the pool when partitions outnumber connections).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
	public List<Notice> pendingByIds(long[] ids, int from, int to) {
		if (from >= to) {
			return List.of();
		}
		StringBuilder in = new StringBuilder();
		for (int i = from; i < to; i++) {
			in.append(i == from ? "" : ",").append(ids[i]);
		}
		return jdbc.query("SELECT * FROM notice WHERE id IN (" + in + ") AND status = 'PENDING' ORDER BY id", NOTICE);
	}

	/**
	 * Run before sending: notices left SENDING by a dead process become UNKNOWN (each with a
	 * ledger entry). With {@code resendUnknown} every UNKNOWN notice goes back to PENDING: nobody
	 * is missed, at the price of a second copy for those the server had accepted.
	 *
	 * @return how many notices were found in flight
	 */
	@Transactional
	public InFlight recoverInFlight(String incidentId, boolean resendUnknown) {
		List<Notice> inFlight = select("WHERE incident_id = ? AND status = 'SENDING' ORDER BY id", incidentId);
		for (Notice notice : inFlight) {
			jdbc.update("UPDATE notice SET status = 'UNKNOWN', finished_at = ? WHERE id = ?", now(), notice.id());
			Map<String, Object> fields = describe(notice);
			fields.put("status", NoticeStatus.UNKNOWN.name());
			fields.put("reason", "claimed by a process that stopped before recording the outcome");
			ledger.append(incidentId, "NOTICE_UNKNOWN", notice.recipientKey(), fields);
		}
		int requeued = 0;
		if (resendUnknown) {
			for (Notice notice : select("WHERE incident_id = ? AND status = 'UNKNOWN' ORDER BY id", incidentId)) {
				jdbc.update("UPDATE notice SET status = 'PENDING', claimed_at = NULL WHERE id = ?", notice.id());
				ledger.append(incidentId, "NOTICE_REQUEUED", notice.recipientKey(), describe(notice));
				requeued++;
			}
		}
		return new InFlight(inFlight.size(), requeued);
	}

	public record InFlight(int markedUnknown, int requeued) {
	}

	/**
	 * retry-failed: FAILED_TRANSIENT (and, when asked, UNKNOWN) notices go back to PENDING, each
	 * with a ledger entry, under one RETRY_REQUESTED entry that links the new segment to the
	 * outcomes it retries. Permanent failures are never retried.
	 *
	 * @return the sequence number of the RETRY_REQUESTED entry, or -1 when there was nothing to requeue
	 */
	@Transactional
	public long requeueFailures(String incidentId, boolean includeUnknown) {
		String statuses = includeUnknown ? "('FAILED_TRANSIENT', 'UNKNOWN')" : "('FAILED_TRANSIENT')";
		List<Notice> failed = select("WHERE incident_id = ? AND status IN " + statuses + " ORDER BY id", incidentId);
		if (failed.isEmpty()) {
			return -1;
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("notices", failed.size());
		request.put("include_unknown", includeUnknown);
		long seq = ledger.append(incidentId, "RETRY_REQUESTED", request);
		for (Notice notice : failed) {
			jdbc.update("UPDATE notice SET status = 'PENDING', claimed_at = NULL WHERE id = ?", notice.id());
			Map<String, Object> fields = describe(notice);
			fields.put("retry_request", seq);
			ledger.append(incidentId, "NOTICE_REQUEUED", notice.recipientKey(), fields);
		}
		return seq;
	}

	/** What rendering a page of notices needs from other tables, read in two queries rather than two per notice. */
	public record PageDetails(Map<Long, List<String>> organizationNames, Map<Long, List<String>> jurisdictions) {

		public List<String> organizationNames(Notice notice) {
			return organizationNames.getOrDefault(notice.id(), List.of());
		}

		public List<String> jurisdictions(Notice notice) {
			return jurisdictions.getOrDefault(notice.id(), List.of());
		}

	}

	@Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
	public PageDetails details(List<Notice> notices) {
		Map<Long, List<String>> names = new java.util.HashMap<>();
		Map<Long, List<String>> jurisdictions = new java.util.HashMap<>();
		if (!notices.isEmpty()) {
			String ids = String.join(",", notices.stream().map(n -> Long.toString(n.id())).toList());
			jdbc.query("SELECT notice_id, COALESCE(NULLIF(organization_name, ''), organization_id) FROM notice_organization"
					+ " WHERE notice_id IN (" + ids + ") ORDER BY notice_id, organization_name, organization_id", rs -> {
				names.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getString(2));
			});
			jdbc.query("SELECT notice_id, jurisdiction FROM notice_jurisdiction WHERE notice_id IN (" + ids
					+ ") ORDER BY notice_id, jurisdiction", rs -> {
				jurisdictions.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getString(2));
			});
		}
		return new PageDetails(names, jurisdictions);
	}

	/** Counts by status for one incident, every status present (zero when none). */
	public Map<NoticeStatus, Long> countByStatus(String incidentId) {
		Map<NoticeStatus, Long> counts = new LinkedHashMap<>();
		for (NoticeStatus status : NoticeStatus.values()) {
			counts.put(status, 0L);
		}
		jdbc.query("SELECT status, COUNT(*) AS n FROM notice WHERE incident_id = ? GROUP BY status",
				rs -> {
					counts.put(NoticeStatus.valueOf(rs.getString("status")), rs.getLong("n"));
				}, incidentId);
		return counts;
	}

	private List<Notice> select(String where, Object... args) {
		return jdbc.query("SELECT * FROM notice " + where, NOTICE, args);
	}

	private static Map<String, Object> describe(Notice notice) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("notice_id", notice.id());
		fields.put("notice_type", notice.type().name());
		fields.put("organization_id", notice.organizationId());
		fields.put("locale", notice.locale());
		fields.put("message_id", notice.messageId());
		return fields;
	}

	private Timestamp now() {
		return Timestamp.from(Instant.now(clock));
	}

	private static String truncate(String text) {
		return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
	}

}
