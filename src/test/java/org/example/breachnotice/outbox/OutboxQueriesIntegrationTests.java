package org.example.breachnotice.outbox;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import org.example.breachnotice.outbox.OutboxQueries.Dimension;
import org.example.breachnotice.testsupport.Postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The outbox's questions answered by SQL on the real databases, HSQLDB file and PostgreSQL: the
 * same notices give the same typed answers on both.
 */
class OutboxQueriesIntegrationTests {

	private static final String INCIDENT = "inc-1";

	@TempDir
	Path temp;

	@Test
	void answersOnTheEmbeddedDatabase() throws Exception {
		DataSource hsqldb = new DriverManagerDataSource("jdbc:hsqldb:file:" + temp.resolve("db/breach-notice")
				+ ";hsqldb.tx=mvcc;hsqldb.write_delay=false;hsqldb.default_table_type=cached;shutdown=true", "SA", "");
		assertAnswers(hsqldb, "hsqldb");
	}

	@Test
	void answersOnPostgresql() throws Exception {
		assumeThat(System.getenv(Postgres.URL_VARIABLE)).as("a PostgreSQL server (.ci/run starts one)").isNotNull();
		String[] arguments = Postgres.freshDatabase().springArguments();
		DataSource postgresql = new DriverManagerDataSource(value(arguments[1]), value(arguments[2]), value(arguments[3]));
		assertAnswers(postgresql, "postgresql");
	}

	private static void assertAnswers(DataSource dataSource, String database) {
		new ResourceDatabasePopulator(new ClassPathResource("db/" + database + "/schema.sql")).execute(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		long ana = notice(jdbc, "PERSON", "ana", "pt-BR", NoticeStatus.SENT, "2025-11-27T10:00:00Z", 0);
		long bob = notice(jdbc, "PERSON", "bob", "en", NoticeStatus.SENT, "2025-11-29T10:00:00Z", 1);
		long eve = notice(jdbc, "PERSON", "eve", "en", NoticeStatus.FAILED_PERMANENT, "2025-11-27T11:00:00Z", 0);
		long dan = notice(jdbc, "PERSON", "dan", "en", NoticeStatus.CANCELLED, null, 0);
		notice(jdbc, "ORGANIZATION", "admin", "en", NoticeStatus.PENDING, null, 0);
		jurisdiction(jdbc, ana, "BR");
		jurisdiction(jdbc, bob, "BR");
		jurisdiction(jdbc, eve, "US-CA");
		jurisdiction(jdbc, dan, "BR");
		jdbc.update("INSERT INTO notice_organization (notice_id, organization_id, organization_name) VALUES (?, 'org-1', 'One')", ana);
		jdbc.update("INSERT INTO notice_organization (notice_id, organization_id, organization_name) VALUES (?, 'org-2', 'Two')", ana);
		OutboxQueries queries = new OutboxQueries(jdbc);

		NoticeCounts all = queries.counts(INCIDENT);
		assertThat(all.byStatus()).as("every status, zero included").hasSize(NoticeStatus.values().length);
		assertThat(all.total()).isEqualTo(5);
		assertThat(all.of(NoticeStatus.CANCELLED)).isEqualTo(1);
		assertThat(all.possibleDuplicates()).as("bob: SENT after a doubtful attempt").isEqualTo(1);

		assertThat(totals(queries.countsBy(INCIDENT, Dimension.TYPE_AND_LOCALE)))
			.containsExactly(Map.entry("organization.en", 1L), Map.entry("person.en", 3L), Map.entry("person.pt-BR", 1L));
		assertThat(totals(queries.countsBy(INCIDENT, Dimension.JURISDICTION)))
			.containsExactly(Map.entry(Dimension.NONE, 1L), Map.entry("BR", 3L), Map.entry("US-CA", 1L));
		assertThat(totals(queries.countsBy(INCIDENT, Dimension.ORGANIZATION)))
			.as("a person notice counts for each organization it names, an administrator's for its own")
			.containsExactly(Map.entry("org-1", 2L), Map.entry("org-2", 1L));
		assertThat(queries.countsBy(INCIDENT, Dimension.TYPE).get("person").of(NoticeStatus.SENT)).isEqualTo(2);

		assertThat(queries.undelivered(INCIDENT)).singleElement().satisfies(n -> {
			assertThat(n.id()).isEqualTo(eve);
			assertThat(n.status()).isEqualTo(NoticeStatus.FAILED_PERMANENT);
			assertThat(n.replyCode()).isEqualTo(550);
			assertThat(n.finishedAt()).isEqualTo(Instant.parse("2025-11-27T11:00:00Z"));
		});
		assertThat(queries.againstDeadline(INCIDENT, "BR", LocalDate.parse("2025-11-28")))
			.isEqualTo(new OutboxQueries.DeadlineOutcome(1, 1, 1));
		assertThat(queries.personNoticesSentPerDay(INCIDENT))
			.containsExactly(Map.entry(LocalDate.parse("2025-11-27"), 1L), Map.entry(LocalDate.parse("2025-11-29"), 1L));
		assertThat(queries.undeliverableByJurisdiction(INCIDENT)).containsExactly(Map.entry("US-CA", 1L));
		assertThat(queries.toSendByJurisdiction(INCIDENT)).isEmpty();
	}

	private static Map<String, Long> totals(Map<String, NoticeCounts> counts) {
		Map<String, Long> totals = new java.util.LinkedHashMap<>();
		counts.forEach((key, value) -> totals.put(key, value.total()));
		return totals;
	}

	private static long notice(JdbcTemplate jdbc, String type, String recipient, String locale, NoticeStatus status, String finished,
			int doubtful) {
		String organization = type.equals("ORGANIZATION") ? "org-1" : "";
		jdbc.update("""
				INSERT INTO notice (incident_id, notice_type, recipient_key, organization_id, recipient_email, affected_people, locale,
				  partition_key, run_key, status, finished_at, reply_code, doubtful_attempts)
				VALUES (?, ?, ?, ?, ?, 0, ?, 0, 'run', ?, ?, ?, ?)""", INCIDENT, type, recipient + "@example.com", organization,
				recipient + "@example.com", locale, status.name(), finished == null ? null : Timestamp.from(Instant.parse(finished)),
				status == NoticeStatus.FAILED_PERMANENT ? 550 : null, doubtful);
		return jdbc.queryForObject("SELECT id FROM notice WHERE recipient_key = ? AND notice_type = ?", Long.class,
				recipient + "@example.com", type);
	}

	private static void jurisdiction(JdbcTemplate jdbc, long notice, String code) {
		jdbc.update("INSERT INTO notice_jurisdiction (notice_id, jurisdiction) VALUES (?, ?)", notice, code);
	}

	private static String value(String argument) {
		return argument.substring(argument.indexOf('=') + 1);
	}

}
