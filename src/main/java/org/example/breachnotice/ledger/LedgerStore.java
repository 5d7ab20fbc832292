package org.example.breachnotice.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads ledger entries in chain order, page by page: a ledger of millions of entries fits no list. */
@Component
public class LedgerStore {

	private static final String COLUMNS = "seq, incident_id, entry_type, recorded_at, recipient_hmac, recipient_email, payload, prev_hash, entry_hash";

	private static final int PAGE = 5000;

	private final JdbcTemplate jdbc;

	private final RecipientHmac hmac;

	public LedgerStore(JdbcTemplate jdbc, RecipientHmac hmac) {
		this.jdbc = jdbc;
		this.hmac = hmac;
	}

	/**
	 * Every entry in order, or only those of one incident, a page of entries at a time (keyset on
	 * seq): the PostgreSQL driver would otherwise read a whole result set into memory.
	 */
	public void forEach(String incidentId, Consumer<LedgerEntry> consumer) {
		String where = incidentId == null ? "seq > ?" : "seq > ? AND incident_id = ?";
		String sql = "SELECT " + COLUMNS + " FROM ledger_entry WHERE " + where + " ORDER BY seq FETCH FIRST " + PAGE
				+ " ROWS ONLY";
		long after = -1;
		while (true) {
			List<LedgerEntry> page = incidentId == null ? jdbc.query(sql, (rs, n) -> map(rs), after)
					: jdbc.query(sql, (rs, n) -> map(rs), after, incidentId);
			page.forEach(consumer);
			if (page.size() < PAGE) {
				return;
			}
			after = page.get(page.size() - 1).seq();
		}
	}

	/**
	 * Every entry about one address, found by its HMAC, so it works after the address was erased.
	 * Indexed on PostgreSQL; on the embedded database a scan of the ledger (5 s at 784k entries).
	 */
	public List<LedgerEntry> findByRecipient(String emailKey) {
		return jdbc.query("SELECT " + COLUMNS + " FROM ledger_entry WHERE recipient_hmac = ? ORDER BY seq",
				(rs, n) -> map(rs), hmac.of(emailKey));
	}

	/** The incident's latest entry of a type. */
	public Optional<LedgerEntry> latest(String incidentId, String entryType) {
		return jdbc.query("SELECT " + COLUMNS + " FROM ledger_entry WHERE incident_id = ? AND entry_type = ? ORDER BY seq DESC"
				+ " FETCH FIRST 1 ROWS ONLY", (rs, n) -> map(rs), incidentId, entryType).stream().findFirst();
	}

	/** The incident's last run as it started: its job file and the facts it ran with. */
	public Optional<RunStarted> lastRunStarted(String incidentId) {
		return latest(incidentId, RunStarted.TYPE).map(RunStarted::of);
	}

	private static LedgerEntry map(ResultSet rs) throws SQLException {
		return new LedgerEntry(rs.getLong("seq"), rs.getString("incident_id"), rs.getString("entry_type"),
				rs.getString("recorded_at"), rs.getString("recipient_hmac"), rs.getString("recipient_email"),
				rs.getString("payload"), rs.getString("prev_hash"), rs.getString("entry_hash"));
	}

}
