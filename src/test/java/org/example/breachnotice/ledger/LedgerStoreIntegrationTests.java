package org.example.breachnotice.ledger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import org.example.breachnotice.testsupport.Postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The ledger's appends and typed reads on the real databases, HSQLDB file and PostgreSQL: the
 * same entries read back the same on both, chained, found by recipient after the address is erased.
 */
class LedgerStoreIntegrationTests {

	@TempDir
	Path temp;

	@Test
	void readsOnTheEmbeddedDatabase() {
		assertReads(new DriverManagerDataSource("jdbc:hsqldb:file:" + temp.resolve("db/breach-notice")
				+ ";hsqldb.tx=mvcc;hsqldb.write_delay=false;hsqldb.default_table_type=cached;shutdown=true", "SA", ""),
				"hsqldb");
	}

	@Test
	void readsOnPostgresql() throws Exception {
		assumeThat(System.getenv(Postgres.URL_VARIABLE)).as("a PostgreSQL server (.ci/run starts one)").isNotNull();
		String[] arguments = Postgres.freshDatabase().springArguments();
		assertReads(new DriverManagerDataSource(value(arguments[1]), value(arguments[2]), value(arguments[3])), "postgresql");
	}

	private static void assertReads(DataSource dataSource, String database) {
		new ResourceDatabasePopulator(new ClassPathResource("db/" + database + "/schema.sql")).execute(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		RecipientHmac hmac = new RecipientHmac("slice-test-key".getBytes(StandardCharsets.UTF_8));
		// No checkpoint falls due in four entries: none is signed.
		Ledger ledger = new Ledger(jdbc, hmac, Clock.fixed(Instant.parse("2025-11-27T10:00:00Z"), ZoneOffset.UTC), null);
		LedgerStore store = new LedgerStore(jdbc, hmac);

		ledger.append("inc-1", RunStarted.TYPE, runStarted("/jobs/first.yaml", "2025-11-09"));
		ledger.append("inc-1", "NOTICE_SENT", "ana@example.com", Map.of("notice_id", 7, "reply", "250 2.0.0 Ok"));
		ledger.append("inc-2", RunStarted.TYPE, runStarted("/jobs/other.yaml", "2025-10-01"));
		ledger.append("inc-1", RunStarted.TYPE, runStarted("/jobs/second.yaml", "2025-11-09"));

		assertThat(store.lastRunStarted("inc-1")).contains(new RunStarted(Path.of("/jobs/second.yaml"),
				Path.of("/rules/content-rules.yaml"), "Example AI", "security@example.com", LocalDate.parse("2025-11-09"),
				LocalDate.parse("2025-11-25"), LocalDate.parse("2025-11-27")));
		assertThat(store.lastRunStarted("inc-3")).isEmpty();
		assertThat(store.latest("inc-1", "NOTICE_SENT")).hasValueSatisfying(entry -> {
			assertThat(entry.seq()).isEqualTo(2);
			assertThat(entry.fields()).containsEntry("notice_id", 7).containsEntry("reply", "250 2.0.0 Ok");
			assertThat(entry.recipientEmail()).isEqualTo("ana@example.com");
			assertThat(entry.recipientHmac()).isEqualTo(hmac.of("ana@example.com"));
			assertThat(entry.recordedAt()).isEqualTo("2025-11-27T10:00:00Z");
		});
		assertThat(store.latest("inc-2", "NOTICE_SENT")).isEmpty();

		List<LedgerEntry> all = new ArrayList<>();
		store.forEach(null, all::add);
		assertThat(all).extracting(LedgerEntry::seq).containsExactly(1L, 2L, 3L, 4L);
		for (int i = 1; i < all.size(); i++) {
			assertThat(all.get(i).prevHash()).as("entry %d chains to the one before", i + 1).isEqualTo(all.get(i - 1).entryHash());
			assertThat(all.get(i).entryHash()).isEqualTo(Ledger.chain(all.get(i).prevHash(), all.get(i).payload()));
		}
		List<Long> first = new ArrayList<>();
		store.forEach("inc-1", entry -> first.add(entry.seq()));
		assertThat(first).containsExactly(1L, 2L, 4L);

		assertThat(ledger.eraseAddresses("inc-1")).isEqualTo(1);
		assertThat(store.findByRecipient("ana@example.com")).singleElement().satisfies(entry -> {
			assertThat(entry.recipientEmail()).as("erased").isNull();
			assertThat(entry.type()).isEqualTo("NOTICE_SENT");
		});
	}

	private static Map<String, Object> runStarted(String jobFile, String access) {
		return Map.of("job_file", jobFile, "rules_file", "/rules/content-rules.yaml", "controller", "Example AI", "from",
				"security@example.com", "unauthorized_access", access, "controller_learned", "2025-11-25", "notice_date",
				"2025-11-27");
	}

	private static String value(String argument) {
		return argument.substring(argument.indexOf('=') + 1);
	}

}
