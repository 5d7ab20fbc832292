package org.example.breachnotice.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads ledger entries in chain order, streamed: a ledger of millions of entries fits no list. */
@Component
public class LedgerStore {

	private static final String COLUMNS = "seq, incident_id, entry_type, recorded_at, recipient_hmac, recipient_email, payload, prev_hash, entry_hash";

	private final JdbcTemplate jdbc;

	private final RecipientHmac hmac;

	public LedgerStore(JdbcTemplate jdbc, RecipientHmac hmac) {
		this.jdbc = jdbc;
		this.hmac = hmac;
	}

	/** Every entry in order, or only those of one incident. */
	public void forEach(String incidentId, Consumer<LedgerEntry> consumer) {
		if (incidentId == null) {
			jdbc.query("SELECT " + COLUMNS + " FROM ledger_entry ORDER BY seq", rs -> {
				consumer.accept(map(rs));
			});
		}
		else {
			jdbc.query("SELECT " + COLUMNS + " FROM ledger_entry WHERE incident_id = ? ORDER BY seq", rs -> {
				consumer.accept(map(rs));
			}, incidentId);
		}
	}

	/** Every entry about one address, found by its HMAC, so it works after the address was erased. */
	public List<LedgerEntry> findByRecipient(String emailKey) {
		return jdbc.query("SELECT " + COLUMNS + " FROM ledger_entry WHERE recipient_hmac = ? ORDER BY seq",
				(rs, n) -> map(rs), hmac.of(emailKey));
	}

	private static LedgerEntry map(ResultSet rs) throws SQLException {
		return new LedgerEntry(rs.getLong("seq"), rs.getString("incident_id"), rs.getString("entry_type"),
				rs.getString("recorded_at"), rs.getString("recipient_hmac"), rs.getString("recipient_email"),
				rs.getString("payload"), rs.getString("prev_hash"), rs.getString("entry_hash"));
	}

}
