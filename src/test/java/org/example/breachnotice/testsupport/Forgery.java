package org.example.breachnotice.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.example.breachnotice.ledger.Hashes;

/**
 * What an insider with write access can do without dropping any trigger: append an APPROVAL entry,
 * a copy of the latest one with one file's hash replaced, chained properly and the head moved on.
 * Only the approver's signature, which cannot follow the change, gives it away.
 */
public final class Forgery {

	private Forgery() {
	}

	/** @return the sequence number of the forged entry */
	public static long appendApproval(Connection db, String hashThen, String hashNow) throws SQLException {
		long approvalSeq;
		String payload;
		try (Statement s = db.createStatement();
				ResultSet rs = s.executeQuery("SELECT seq, payload FROM ledger_entry WHERE entry_type = 'APPROVAL' ORDER BY seq DESC")) {
			rs.next();
			approvalSeq = rs.getLong(1);
			payload = rs.getString(2);
		}
		long seq;
		String previous;
		try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, entry_hash FROM ledger_head")) {
			rs.next();
			seq = rs.getLong(1) + 1;
			previous = rs.getString(2);
		}
		String forged = payload.replace(hashThen, hashNow)
			.replaceFirst(",\"seq\":\\d+,\"type\":\"APPROVAL\"}$", ",\"seq\":" + seq + ",\"type\":\"APPROVAL\"}");
		String hash = Hashes.sha256("breach-notice-ledger-v1\n" + previous + "\n" + forged);
		try (PreparedStatement insert = db.prepareStatement("INSERT INTO ledger_entry SELECT ?, incident_id, entry_type, recorded_at,"
				+ " recipient_hmac, recipient_email, ?, ?, ? FROM ledger_entry WHERE seq = ?");
				PreparedStatement head = db.prepareStatement("UPDATE ledger_head SET seq = ?, entry_hash = ?")) {
			insert.setLong(1, seq);
			insert.setString(2, forged);
			insert.setString(3, previous);
			insert.setString(4, hash);
			insert.setLong(5, approvalSeq);
			insert.executeUpdate();
			head.setLong(1, seq);
			head.setString(2, hash);
			head.executeUpdate();
		}
		return seq;
	}

}
