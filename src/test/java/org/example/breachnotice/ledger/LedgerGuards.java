package org.example.breachnotice.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same assertions on either database: its triggers refuse every edit of the ledger but erasure. */
final class LedgerGuards {

	private LedgerGuards() {
	}

	static void assertRefused(Connection db) throws SQLException {
		db.setAutoCommit(true);
		try (Statement s = db.createStatement()) {
			assertThatThrownBy(() -> s.executeUpdate("UPDATE ledger_entry SET payload = REPLACE(payload, 'NOTICE_SENT',"
					+ " 'NOTICE_FAILED') WHERE seq = 10")).satisfies(LedgerGuards::refusal);
			assertThatThrownBy(() -> s.executeUpdate("UPDATE ledger_entry SET recipient_email = 'someone.else@example.com'"
					+ " WHERE seq = 15")).satisfies(LedgerGuards::refusal);
			assertThatThrownBy(() -> s.executeUpdate("DELETE FROM ledger_entry WHERE seq = 7")).satisfies(LedgerGuards::refusal);
			assertThatThrownBy(() -> s.executeUpdate("UPDATE ledger_head SET seq = seq - 5")).satisfies(LedgerGuards::refusal);
			assertThatThrownBy(() -> s.executeUpdate("DELETE FROM ledger_head")).satisfies(LedgerGuards::refusal);
			assertThat(s.executeUpdate("UPDATE ledger_entry SET recipient_email = NULL WHERE seq = 15"))
				.as("erasing an address is allowed").isEqualTo(1);
		}
	}

	/**
	 * The trigger's own refusal, not another error: PostgreSQL reports its message; HSQLDB, once
	 * the database was reopened from its files, only the SQLSTATE of the SIGNAL.
	 */
	static void refusal(Throwable refused) {
		assertThat(refused).isInstanceOf(SQLException.class);
		String state = ((SQLException) refused).getSQLState();
		assertThat(refused.getMessage().contains("append-only") || refused.getMessage().contains("only moves forward")
				|| "45000".equals(state)).as(refused.getMessage() + " (SQLSTATE " + state + ")").isTrue();
	}

}
