package org.example.breachnotice.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads (or tampers with) the HSQLDB files of a state folder while no process holds them. */
public final class StateDb {

	private StateDb() {
	}

	public static List<Map<String, Object>> query(Path home, String sql) throws SQLException {
		try (Connection c = open(home); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			List<Map<String, Object>> rows = new ArrayList<>();
			while (rs.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
					row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
				}
				rows.add(row);
			}
			return rows;
		}
	}

	public static int update(Path home, String sql) throws SQLException {
		try (Connection c = open(home); Statement s = c.createStatement()) {
			return s.executeUpdate(sql);
		}
	}

	/** Status -> count for all notices. */
	public static Map<String, Long> statusCounts(Path home) throws SQLException {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (Map<String, Object> row : query(home, "SELECT status, COUNT(*) AS n FROM notice GROUP BY status")) {
			counts.put((String) row.get("status"), ((Number) row.get("n")).longValue());
		}
		return counts;
	}

	/** Status -> count through a running context's own connection (the database files are locked by it). */
	public static Map<String, Long> statusCountsWhileOpen(org.springframework.context.ApplicationContext context) {
		Map<String, Long> counts = new LinkedHashMap<>();
		context.getBean(org.springframework.jdbc.core.JdbcTemplate.class)
			.query("SELECT status, COUNT(*) AS n FROM notice GROUP BY status", rs -> {
				counts.put(rs.getString("status"), rs.getLong("n"));
			});
		return counts;
	}

	/** A connection to the state folder's database, as an insider with its files would open it. */
	public static Connection open(Path home) throws SQLException {
		return DriverManager.getConnection("jdbc:hsqldb:file:" + home.toAbsolutePath() + "/db/breach-notice;shutdown=true", "SA", "");
	}

}
