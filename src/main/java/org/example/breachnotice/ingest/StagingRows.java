package org.example.breachnotice.ingest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The staged input rows (person_row, admin_row) and the rejected ones (reject_row): names, addresses, locations of every dataset read. */
@Component
public class StagingRows {

	private final JdbcTemplate jdbc;

	public StagingRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** How many rows of a dataset's files were read and rejected (a line rejected for two fields counts once). */
	public RowCounts counts(String runKey) {
		long peopleRejected = rejectedLines(runKey, "people");
		long organizationsRejected = rejectedLines(runKey, "organizations");
		return new RowCounts(count("person_row", runKey) + peopleRejected, peopleRejected,
				count("admin_row", runKey) + organizationsRejected, organizationsRejected);
	}

	private long count(String table, String runKey) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE run_key = ?", Long.class, runKey);
	}

	private long rejectedLines(String runKey, String source) {
		return jdbc.queryForObject("SELECT COUNT(DISTINCT line_no) FROM reject_row WHERE run_key = ? AND source = ?", Long.class,
				runKey, source);
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
