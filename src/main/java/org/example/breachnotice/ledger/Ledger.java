package org.example.breachnotice.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The append-only audit ledger. Each entry's hash is SHA-256 over the previous entry's hash and
 * the entry's canonical JSON payload, so changing, removing or reordering any entry breaks the
 * chain at that point ({@link LedgerVerifier}). Appends lock the single head row first, which
 * serializes writers across threads and processes on any database. Signed {@link Checkpoints}
 * of the head, kept outside the database, make a recomputed chain show too.
 */
@Component
public class Ledger {

	static final String GENESIS = "0".repeat(64);

	private final JdbcTemplate jdbc;

	private final RecipientHmac hmac;

	private final Clock clock;

	private final Checkpoints checkpoints;

	public Ledger(JdbcTemplate jdbc, RecipientHmac hmac, Clock clock, Checkpoints checkpoints) {
		this.jdbc = jdbc;
		this.hmac = hmac;
		this.clock = clock;
		this.checkpoints = checkpoints;
	}

	/** Appends an entry that concerns no single recipient. Joins the caller's transaction. */
	@Transactional(propagation = Propagation.REQUIRED)
	public long append(String incidentId, String type, Map<String, ?> fields) {
		return append(incidentId, type, null, fields);
	}

	/**
	 * Appends an entry. The recipient's address is stored beside the entry (erasable) and only
	 * its HMAC enters the hashed payload. Joins the caller's transaction, so an outcome and its
	 * ledger entry commit together.
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public long append(String incidentId, String type, String recipientEmail, Map<String, ?> fields) {
		return appendAll(List.of(new Entry(incidentId, type, recipientEmail, fields)));
	}

	/** One entry to append. */
	public record Entry(String incidentId, String type, String recipientEmail, Map<String, ?> fields) {
	}

	/**
	 * Appends entries in order under one lock of the head, in one batch: the cost of a chunk's
	 * outcomes is one round trip, not one per notice.
	 *
	 * @return the sequence number of the last entry
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public long appendAll(List<Entry> entries) {
		// The schema script creates the head row; this update locks it until our commit.
		jdbc.update("UPDATE ledger_head SET seq = seq + ? WHERE id = 1", entries.size());
		Map<String, Object> head = jdbc.queryForMap("SELECT seq, entry_hash FROM ledger_head WHERE id = 1");
		long last = ((Number) head.get("seq")).longValue();
		long seq = last - entries.size();
		String prevHash = (String) head.get("entry_hash");
		String recordedAt = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
		List<Object[]> rows = new ArrayList<>(entries.size());
		for (Entry entry : entries) {
			seq++;
			String recipientHmac = entry.recipientEmail() == null ? null : hmac.of(entry.recipientEmail());
			String payload = CanonicalJson.write(payload(seq, entry.incidentId(), entry.type(), recordedAt, recipientHmac,
					entry.fields()));
			String entryHash = chain(prevHash, payload);
			rows.add(new Object[] { seq, entry.incidentId(), entry.type(), recordedAt, recipientHmac, entry.recipientEmail(),
					payload, prevHash, entryHash });
			prevHash = entryHash;
		}
		jdbc.batchUpdate("""
				INSERT INTO ledger_entry (seq, incident_id, entry_type, recorded_at, recipient_hmac, recipient_email,
				  payload, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
		jdbc.update("UPDATE ledger_head SET entry_hash = ? WHERE id = 1", prevHash);
		if (Checkpoints.due(last - entries.size() + 1, last)) {
			checkpointAfterCommit(entries.get(entries.size() - 1).incidentId());
		}
		return last;
	}

	/**
	 * Signs a checkpoint once the caller's transaction has committed (a checkpoint of entries that
	 * then roll back would accuse an honest ledger); at once when there is no transaction.
	 */
	public void checkpointAfterCommit(String incidentId) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			checkpoints.write(incidentId);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				checkpoints.write(incidentId);
			}
		});
	}

	/**
	 * End of retention: clears the addresses stored beside the incident's entries, the one edit the
	 * database allows. The hashed payloads hold only their HMACs, so the chain and the checkpoints
	 * still verify. Joins the caller's transaction.
	 *
	 * @return the entries whose address was cleared
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public int eraseAddresses(String incidentId) {
		return jdbc.update("UPDATE ledger_entry SET recipient_email = NULL WHERE incident_id = ? AND recipient_email IS NOT NULL",
				incidentId);
	}

	/** The payload that is hashed: the columns a verifier compares, plus the entry's own fields. */
	static Map<String, Object> payload(long seq, String incidentId, String type, String recordedAt, String recipientHmac,
			Map<String, ?> fields) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("seq", seq);
		payload.put("incident", incidentId);
		payload.put("type", type);
		payload.put("recorded_at", recordedAt);
		payload.put("recipient_hmac", recipientHmac);
		payload.put("fields", fields);
		return payload;
	}

	static String chain(String prevHash, String canonicalPayload) {
		return Hashes.sha256("breach-notice-ledger-v1\n" + prevHash + "\n" + canonicalPayload);
	}

}
