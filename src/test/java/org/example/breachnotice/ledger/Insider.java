package org.example.breachnotice.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.example.breachnotice.testsupport.StateDb;

/**
 * What an insider who owns the database can do to the ledger: drop the triggers that refuse edits,
 * edit, then renumber the entries and recompute every hash and the head, so that the chain
 * verifies again. Only the signed checkpoints outside the database can then tell.
 */
final class Insider {

	private Insider() {
	}

	/** Drops the guards, then runs the statements on the state folder's HSQLDB files. */
	static void tamper(Path home, String... statements) throws SQLException {
		try (Connection db = StateDb.open(home); Statement s = db.createStatement()) {
			dropGuards(db);
			for (String sql : statements) {
				s.executeUpdate(sql);
			}
		}
	}

	/** What the table owner may always do: drop the append-only triggers of the schema script. */
	static void dropGuards(Connection db) throws SQLException {
		boolean postgres = db.getMetaData().getDatabaseProductName().equals("PostgreSQL");
		try (Statement s = db.createStatement()) {
			for (String trigger : List.of("ledger_entry_no_delete", "ledger_entry_erase_only", "ledger_entry_append_only",
					"ledger_entry_no_truncate")) {
				s.execute(postgres ? "DROP TRIGGER IF EXISTS " + trigger + " ON ledger_entry" : "DROP TRIGGER " + trigger + " IF EXISTS");
			}
			for (String trigger : List.of("ledger_head_forward_only", "ledger_head_no_delete", "ledger_head_no_truncate")) {
				s.execute(postgres ? "DROP TRIGGER IF EXISTS " + trigger + " ON ledger_head" : "DROP TRIGGER " + trigger + " IF EXISTS");
			}
		}
	}

	/** Renumbers the entries 1..n in their order, rewrites each payload's seq, recomputes the chain and the head. */
	static void rechain(Connection db) throws SQLException {
		List<Object[]> entries = new ArrayList<>();
		try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, payload FROM ledger_entry ORDER BY seq")) {
			while (rs.next()) {
				entries.add(new Object[] { rs.getLong(1), rs.getString(2) });
			}
		}
		try (Statement s = db.createStatement()) {
			s.executeUpdate("UPDATE ledger_entry SET seq = -seq");
		}
		String previous = Ledger.GENESIS;
		long seq = 0;
		try (PreparedStatement update = db.prepareStatement(
				"UPDATE ledger_entry SET seq = ?, payload = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?")) {
			for (Object[] entry : entries) {
				seq++;
				// Keys are sorted: the payload's own seq is the one just before its closing "type".
				String payload = ((String) entry[1]).replaceFirst(",\"seq\":\\d+(,\"type\":\"[A-Z_]+\"\\}$)", ",\"seq\":" + seq + "$1");
				String hash = Ledger.chain(previous, payload);
				update.setLong(1, seq);
				update.setString(2, payload);
				update.setString(3, previous);
				update.setString(4, hash);
				update.setLong(5, -(Long) entry[0]);
				update.executeUpdate();
				previous = hash;
			}
		}
		try (PreparedStatement head = db.prepareStatement("UPDATE ledger_head SET seq = ?, entry_hash = ? WHERE id = 1")) {
			head.setLong(1, seq);
			head.setString(2, previous);
			head.executeUpdate();
		}
	}

}
