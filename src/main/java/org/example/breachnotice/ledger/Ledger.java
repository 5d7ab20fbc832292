package org.example.breachnotice.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit ledger. Each entry's hash is SHA-256 over the previous entry's hash and
 * the entry's canonical JSON payload, so changing, removing or reordering any entry breaks the
 * chain at that point ({@link LedgerVerifier}). Appends lock the single head row first, which
 * serializes writers across threads and processes on any database.
 */
@Component
public class Ledger {

	static final String GENESIS = "0".repeat(64);

	private final JdbcTemplate jdbc;

	private final RecipientHmac hmac;

	private final Clock clock;

	public Ledger(JdbcTemplate jdbc, RecipientHmac hmac, Clock clock) {
		this.jdbc = jdbc;
		this.hmac = hmac;
		this.clock = clock;
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
		// The schema script creates the head row; this update locks it until our commit.
		jdbc.update("UPDATE ledger_head SET seq = seq + 1 WHERE id = 1");
		Map<String, Object> head = jdbc.queryForMap("SELECT seq, entry_hash FROM ledger_head WHERE id = 1");
		long seq = ((Number) head.get("seq")).longValue();
		String prevHash = (String) head.get("entry_hash");
		String recordedAt = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
		String recipientHmac = recipientEmail == null ? null : hmac.of(recipientEmail);

		String payload = CanonicalJson.write(payload(seq, incidentId, type, recordedAt, recipientHmac, fields));
		String entryHash = chain(prevHash, payload);
		jdbc.update("""
				INSERT INTO ledger_entry (seq, incident_id, entry_type, recorded_at, recipient_hmac, recipient_email,
				  payload, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", seq, incidentId, type, recordedAt,
				recipientHmac, recipientEmail, payload, prevHash, entryHash);
		jdbc.update("UPDATE ledger_head SET entry_hash = ? WHERE id = 1", entryHash);
		return seq;
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
