package org.example.breachnotice.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.support.Masking;

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
			rs.getInt("partition_key"), rs.getString("message_id"), rs.getInt("attempts"), rs.getInt("doubtful_attempts"),
			instant(rs.getTimestamp("first_attempt_at")));

	private final JdbcTemplate jdbc;

	private final Ledger ledger;

	private final Clock clock;

	public Outbox(JdbcTemplate jdbc, Ledger ledger, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.clock = clock;
	}

	/**
	 * PENDING or DEFERRED -> SENDING for a batch, committed now, before any of them is sent.
	 * @param claimId the attempt journal of the claiming partition, which recovery reads
	 * @return the notices this call claimed (the others were already claimed or finished)
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public List<Notice> claimAll(List<Notice> notices, String claimId) {
		if (notices.isEmpty()) {
			return List.of();
		}
		Timestamp now = now();
		int[] updated = jdbc.batchUpdate("""
				UPDATE notice SET status = 'SENDING', claimed_at = ?, claimed_by = ?, message_id = ?,
				  first_attempt_at = COALESCE(first_attempt_at, ?)
				WHERE id = ? AND status IN ('PENDING', 'DEFERRED')""", notices.stream()
			.map(n -> new Object[] { now, claimId, n.messageId(), now, n.id() }).toList());
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

	/**
	 * The outcome of one notice, with the evidence the ledger keeps; {@code nextAttemptAt} only for
	 * DEFERRED.
	 */
	public record Outcome(Notice notice, NoticeStatus status, Integer replyCode, String replyText, Evidence evidence,
			Instant nextAttemptAt) {

		public Outcome(Notice notice, NoticeStatus status, Integer replyCode, String replyText, Evidence evidence) {
			this(notice, status, replyCode, replyText, evidence, null);
		}

		/** Claimed but never handed to a server: back to PENDING. */
		public static Outcome released(Notice notice) {
			return new Outcome(notice, NoticeStatus.PENDING, null, null, Evidence.NONE);
		}

		/** Earlier doubtful attempts and this one's: a second copy is possible when more than one could have arrived. */
		int doubtfulAttempts() {
			return notice.doubtfulAttempts() + evidence.doubtfulAttempts();
		}

		boolean possibleDuplicate() {
			return doubtfulAttempts() > 0 && (status == NoticeStatus.SENT || status == NoticeStatus.UNKNOWN);
		}

	}

	/**
	 * What the ledger keeps of a message: the template and hashes of what was sent, the attempts this
	 * claim made that count toward the recipient's retry schedule (a throttling reply does not), and
	 * those whose connection broke after the end of the data was written and before the relay's
	 * reply was read ("doubtful": the relay may have accepted them).
	 */
	public record Evidence(String template, String templateHash, String contentHash, int smtpAttempts, int doubtfulAttempts) {

		/** Nothing was rendered or attempted. */
		public static final Evidence NONE = new Evidence(null, null, null, 0, 0);

	}

	/**
	 * SENDING -> outcome for a batch, each with its ledger entry, in one committed transaction.
	 * PENDING as an outcome releases a claimed notice that was never handed to a server.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void finishAll(List<Outcome> outcomes) {
		finish(outcomes, null);
	}

	/** @param recoveredFrom where a recovered outcome was learned, for the ledger; null when live */
	private void finish(List<Outcome> outcomes, String recoveredFrom) {
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
			Evidence evidence = outcome.evidence();
			int attempts = outcome.notice().attempts() + evidence.smtpAttempts();
			finished.add(new Object[] { outcome.status().name(), now, outcome.replyCode(), truncate(outcome.replyText()),
					attempts, outcome.doubtfulAttempts(), timestamp(outcome.nextAttemptAt()), outcome.notice().id() });
			Map<String, Object> fields = describe(outcome.notice());
			fields.put("status", outcome.status().name());
			fields.put("reply_code", outcome.replyCode());
			// Replies often echo the address; the hashed payload must not hold it (erasure).
			fields.put("reply_text", Masking.redactAddresses(truncate(outcome.replyText())));
			if (evidence.template() != null) {
				fields.put("template", evidence.template());
				fields.put("template_hash", evidence.templateHash());
				fields.put("content_hash", evidence.contentHash());
			}
			fields.put("smtp_attempts", attempts);
			if (outcome.nextAttemptAt() != null) {
				fields.put("next_attempt_at", outcome.nextAttemptAt().toString());
			}
			fields.put("doubtful_attempts", outcome.doubtfulAttempts());
			fields.put("possible_duplicate", outcome.possibleDuplicate());
			if (recoveredFrom != null) {
				fields.put("recovered_from", recoveredFrom);
			}
			entries.add(new Ledger.Entry(outcome.notice().incidentId(), "NOTICE_" + outcome.status().name(),
					outcome.notice().recipientKey(), fields));
		}
		if (!finished.isEmpty()) {
			jdbc.batchUpdate("""
					UPDATE notice SET status = ?, finished_at = ?, reply_code = ?, reply_text = ?, attempts = ?,
					  doubtful_attempts = ?, next_attempt_at = ?
					WHERE id = ? AND status = 'SENDING'""", finished);
			ledger.appendAll(entries);
		}
		if (!released.isEmpty()) {
			jdbc.batchUpdate("""
					UPDATE notice SET status = 'PENDING', claimed_at = NULL, claimed_by = NULL WHERE id = ? AND status = 'SENDING'""",
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

	/** How many notices of the incident are still to send (PENDING or DEFERRED), per {@link PartitionKeys partition key}. */
	@Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
	public long[] pendingPerKey(String incidentId) {
		long[] counts = new long[PartitionKeys.COUNT];
		jdbc.query("""
				SELECT partition_key, COUNT(*) FROM notice WHERE incident_id = ? AND status IN ('PENDING', 'DEFERRED')
				GROUP BY partition_key""",
				rs -> {
					counts[rs.getInt(1)] = rs.getLong(2);
				}, incidentId);
		return counts;
	}

	/**
	 * The notices with these ids that are still to send (PENDING, or DEFERRED and chosen as due), in id order. Like every read of the send
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
		return jdbc.query("SELECT * FROM notice WHERE id IN (" + in + ") AND status IN ('PENDING', 'DEFERRED') ORDER BY id",
				NOTICE);
	}

	/** The ids of one partition's DEFERRED notices whose next attempt is due, soonest first. */
	@Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
	public long[] dueDeferredIds(String incidentId, int fromKey, int toKey) {
		return jdbc.queryForList("""
				SELECT id FROM notice WHERE incident_id = ? AND status = 'DEFERRED' AND partition_key BETWEEN ? AND ?
				AND next_attempt_at <= ? ORDER BY next_attempt_at, id""", Long.class, incidentId, fromKey, toKey, now())
			.stream().mapToLong(Long::longValue).toArray();
	}

	/** When the soonest DEFERRED notice of these partition keys is due; empty when none is deferred. */
	@Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
	public Optional<Instant> nextDeferredAttempt(String incidentId, int fromKey, int toKey) {
		return Optional.ofNullable(instant(jdbc.queryForObject("""
				SELECT MIN(next_attempt_at) FROM notice WHERE incident_id = ? AND status = 'DEFERRED'
				AND partition_key BETWEEN ? AND ?""", Timestamp.class, incidentId, fromKey, toKey)));
	}

	/**
	 * Run before sending: settles the notices a dead process left SENDING from its partitions'
	 * attempt journals. A notice whose attempt never started, or never wrote the end of its data,
	 * cannot have reached the relay: back to PENDING. One with a journaled outcome gets that outcome
	 * (and its ledger entry). Only one whose data ended without a recorded reply, or whose journal is
	 * not on this machine, becomes UNKNOWN. With {@code resendUnknown} every UNKNOWN notice then goes
	 * back to PENDING, one doubtful attempt more: nobody is missed, and a second copy is flagged.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public InFlight recoverInFlight(String incidentId, boolean resendUnknown, AttemptJournals journals) {
		List<Outcome> settled = new ArrayList<>();
		int unknown = 0;
		int released = 0;
		Map<String, Optional<Map<Long, AttemptJournals.Attempt>>> read = new HashMap<>();
		for (Map.Entry<Notice, String> claim : jdbc.query("SELECT * FROM notice WHERE incident_id = ? AND status = 'SENDING' ORDER BY id",
				(rs, n) -> Map.entry(NOTICE.mapRow(rs, n), String.valueOf(rs.getString("claimed_by"))), incidentId)) {
			Notice notice = claim.getKey();
			Optional<Map<Long, AttemptJournals.Attempt>> journal = read.computeIfAbsent(claim.getValue(), journals::read);
			AttemptJournals.Attempt attempt = journal.map(attempts -> attempts.getOrDefault(notice.id(), AttemptJournals.Attempt.STARTED))
				.orElse(null);
			Outcome outcome;
			if (attempt == null) {
				outcome = unknown(notice, "claimed by a process that stopped before recording the outcome; its attempt journal is not on this machine");
			}
			else if (attempt.stage() == AttemptJournals.Stage.END_OF_DATA) {
				outcome = unknown(notice, "the end of the message was written to the relay; the process stopped before its reply was recorded");
			}
			else if (attempt.stage() == AttemptJournals.Stage.STARTED) {
				outcome = Outcome.released(notice);
			}
			else {
				outcome = new Outcome(notice, attempt.status(), attempt.replyCode(), attempt.replyText(), attempt.evidence(),
						attempt.nextAttemptAt());
			}
			unknown += outcome.status() == NoticeStatus.UNKNOWN ? 1 : 0;
			released += outcome.status() == NoticeStatus.PENDING ? 1 : 0;
			settled.add(outcome);
		}
		finish(settled, "recovery");
		int requeued = 0;
		if (resendUnknown) {
			for (Notice notice : select("WHERE incident_id = ? AND status = 'UNKNOWN' ORDER BY id", incidentId)) {
				requeue(notice, true, null);
				requeued++;
			}
		}
		return new InFlight(settled.size(), unknown, released, requeued);
	}

	/** An attempt of which nobody knows the end: it counts as one, and the relay may have it. */
	private static Outcome unknown(Notice notice, String reason) {
		return new Outcome(notice, NoticeStatus.UNKNOWN, null, reason, new Evidence(null, null, null, 1, 0));
	}

	/**
	 * @param inFlight notices found SENDING; {@code markedUnknown} of them became UNKNOWN, {@code released}
	 *            went back to PENDING, the others got the outcome their journal recorded
	 */
	public record InFlight(int inFlight, int markedUnknown, int released, int requeued) {

		public int recovered() {
			return inFlight - markedUnknown - released;
		}

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
		List<Notice> failed = select("WHERE incident_id = ? AND status = 'FAILED_TRANSIENT' ORDER BY id", incidentId);
		List<Notice> unknown = includeUnknown ? select("WHERE incident_id = ? AND status = 'UNKNOWN' ORDER BY id", incidentId)
				: List.of();
		if (failed.isEmpty() && unknown.isEmpty()) {
			return -1;
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("notices", failed.size() + unknown.size());
		request.put("include_unknown", includeUnknown);
		long seq = ledger.append(incidentId, "RETRY_REQUESTED", request);
		failed.forEach(notice -> requeue(notice, false, seq));
		unknown.forEach(notice -> requeue(notice, true, seq));
		return seq;
	}

	/**
	 * Back to PENDING with a NOTICE_REQUEUED entry. An UNKNOWN notice counts one doubtful attempt
	 * more: the relay may have it, so the next copy is a possible duplicate.
	 */
	private void requeue(Notice notice, boolean wasUnknown, Long retryRequest) {
		int doubtful = notice.doubtfulAttempts() + (wasUnknown ? 1 : 0);
		// A requeued notice gets a new retry window: first_attempt_at starts again at its next attempt.
		jdbc.update("""
				UPDATE notice SET status = 'PENDING', claimed_at = NULL, claimed_by = NULL, doubtful_attempts = ?,
				  first_attempt_at = NULL, next_attempt_at = NULL WHERE id = ?""", doubtful, notice.id());
		Map<String, Object> fields = describe(notice);
		if (retryRequest != null) {
			fields.put("retry_request", retryRequest);
		}
		fields.put("doubtful_attempts", doubtful);
		fields.put("possible_duplicate", doubtful > 0);
		ledger.append(notice.incidentId(), "NOTICE_REQUEUED", notice.recipientKey(), fields);
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

	/**
	 * The incident's notices to one recipient (person and administrator notices), by the key ingest
	 * gave the address: a look-up through notice_key, so that matching a delivery report needs no
	 * index on message_id, which every claim would have to maintain.
	 */
	public List<Notice> byRecipientKey(String incidentId, String recipientKey) {
		return select("""
				WHERE id IN (SELECT notice_id FROM notice_key WHERE incident_id = ? AND notice_type IN ('PERSON', 'ORGANIZATION')
				  AND recipient_key = ?)""", incidentId, recipientKey);
	}

	/**
	 * A permanent failure reported after the relay's acceptance: SENT (or UNKNOWN: the relay had it)
	 * becomes BOUNCED, with a NOTICE_BOUNCED entry. Joins the caller's transaction.
	 */
	@Transactional
	public void bounced(Notice notice, Map<String, ?> report) {
		jdbc.update("UPDATE notice SET status = 'BOUNCED' WHERE id = ? AND status IN ('SENT', 'UNKNOWN')", notice.id());
		reported(notice, "NOTICE_BOUNCED", report);
	}

	/** A report about a notice (delay, complaint) that changes nothing but the ledger. Joins the caller's transaction. */
	@Transactional
	public void reported(Notice notice, String entryType, Map<String, ?> report) {
		Map<String, Object> fields = describe(notice);
		fields.putAll(report);
		ledger.append(notice.incidentId(), entryType, notice.recipientKey(), fields);
	}

	/**
	 * The notices of one dataset (run key) still to send, PENDING or DEFERRED, become CANCELLED: their
	 * execution was abandoned. Joins the caller's transaction.
	 *
	 * @return the notices cancelled
	 */
	public int cancelToSend(String incidentId, String runKey) {
		return jdbc.update("UPDATE notice SET status = 'CANCELLED' WHERE incident_id = ? AND status IN ('PENDING', 'DEFERRED')"
				+ " AND run_key = ?", incidentId, runKey);
	}

	/** When the soonest DEFERRED notice of the incident is due; empty when none is deferred. */
	public Optional<Instant> nextDeferredAttempt(String incidentId) {
		return nextDeferredAttempt(incidentId, 0, Integer.MAX_VALUE);
	}

	/**
	 * End of retention: the incident's notices keep their status, dates and replies, but lose the
	 * address and name; the recipient key becomes its pseudonym (the ledger's HMAC, so that
	 * {@code ledger find} still links them) and reply texts lose any address. Joins the caller's
	 * transaction.
	 *
	 * @return the notices erased
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public int eraseAddresses(String incidentId, java.util.function.UnaryOperator<String> pseudonym) {
		List<Object[]> notices = new ArrayList<>();
		List<Object[]> keys = new ArrayList<>();
		jdbc.query("""
				SELECT id, recipient_key, reply_text, notice_type, organization_id FROM notice
				WHERE incident_id = ? AND recipient_email <> ''""", rs -> {
			String erasedKey = "hmac:" + pseudonym.apply(rs.getString(2));
			notices.add(new Object[] { erasedKey, Masking.redactAddresses(rs.getString(3)), rs.getLong(1) });
			keys.add(new Object[] { erasedKey, incidentId, rs.getString(4), rs.getString(2), rs.getString(5) });
		}, incidentId);
		jdbc.batchUpdate("UPDATE notice SET recipient_email = '', recipient_name = NULL, recipient_key = ?, reply_text = ? WHERE id = ?",
				notices);
		jdbc.batchUpdate("""
				UPDATE notice_key SET recipient_key = ?
				WHERE incident_id = ? AND notice_type = ? AND recipient_key = ? AND organization_id = ?""", keys);
		return notices.size();
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

	private static Timestamp timestamp(Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private static String truncate(String text) {
		return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
	}

}
