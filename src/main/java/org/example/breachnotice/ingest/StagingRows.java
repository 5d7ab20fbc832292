package org.example.breachnotice.ingest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The staged input rows (person_row, admin_row): names, addresses, locations of every dataset read. */
@Component
public class StagingRows {

	private final JdbcTemplate jdbc;

	public StagingRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * End of retention: deletes the rows of every dataset of the incident (run keys
	 * {@code <incident>:<digest>}, a range of the primary key). Joins the caller's transaction.
	 *
	 * @return the rows deleted
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public int erase(String incidentId) {
		// ';' follows ':' in every collation we use: the range holds exactly the incident's run keys.
		String from = incidentId + ":";
		String to = incidentId + ";";
		return jdbc.update("DELETE FROM person_row WHERE run_key >= ? AND run_key < ?", from, to)
				+ jdbc.update("DELETE FROM admin_row WHERE run_key >= ? AND run_key < ?", from, to);
	}

}
