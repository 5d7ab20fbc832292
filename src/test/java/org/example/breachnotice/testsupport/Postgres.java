package org.example.breachnotice.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server for the tests that need one: CI (.ci/run) starts Debian's postgresql
 * and sets BREACH_NOTICE_TEST_POSTGRES_URL (a database of a role that may create databases),
 * _USER and _PASSWORD. Each test gets a database of its own.
 */
public final class Postgres {

	public static final String URL_VARIABLE = "BREACH_NOTICE_TEST_POSTGRES_URL";

	private final String url;

	private Postgres(String url) {
		this.url = url;
	}

	/** A fresh, empty database. */
	public static Postgres freshDatabase() throws SQLException {
		String admin = System.getenv(URL_VARIABLE);
		String name = "bn_" + Long.toString(System.nanoTime(), 36);
		try (Connection c = DriverManager.getConnection(admin, user(), password()); Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		}
		return new Postgres(admin.substring(0, admin.lastIndexOf('/') + 1) + name);
	}

	/** The Spring Boot arguments that point the application at this database. */
	public String[] springArguments() {
		List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=postgresql"));
		datasource().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return arguments.toArray(String[]::new);
	}

	/** The same for a test's own application context, which activates the postgresql profile itself. */
	public void registerIn(DynamicPropertyRegistry properties) {
		datasource().forEach((name, value) -> properties.add(name, () -> value));
	}

	private Map<String, String> datasource() {
		Map<String, String> datasource = new LinkedHashMap<>();
		datasource.put("spring.datasource.url", url);
		datasource.put("spring.datasource.username", user());
		datasource.put("spring.datasource.password", password());
		return datasource;
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(url, user(), password());
	}

	public List<Map<String, Object>> query(String sql) throws SQLException {
		try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			List<Map<String, Object>> rows = new ArrayList<>();
			while (rs.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
					Object value = rs.getObject(i);
					row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), value instanceof Number n ? n.longValue() : value);
				}
				rows.add(row);
			}
			return rows;
		}
	}

	public Map<String, Long> statusCounts() throws SQLException {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (Map<String, Object> row : query("SELECT status, COUNT(*) AS n FROM notice GROUP BY status ORDER BY status")) {
			counts.put((String) row.get("status"), (Long) row.get("n"));
		}
		return counts;
	}

	private static String user() {
		return System.getenv("BREACH_NOTICE_TEST_POSTGRES_USER");
	}

	private static String password() {
		return System.getenv("BREACH_NOTICE_TEST_POSTGRES_PASSWORD");
	}

}
