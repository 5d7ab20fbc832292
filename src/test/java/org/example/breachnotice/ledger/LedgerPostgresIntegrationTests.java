package org.example.breachnotice.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.Postgres;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger's defences on PostgreSQL: triggers refuse edits; a table owner who drops them is caught by the checkpoints. */
@EnabledIfEnvironmentVariable(named = Postgres.URL_VARIABLE, matches = ".+")
class LedgerPostgresIntegrationTests {

	@TempDir
	Path home;

	@Test
	void triggersRefuseEditsAndARecomputedChainIsCaught() throws Exception {
		Postgres postgres = Postgres.freshDatabase();
		Cli.Result run = cli(postgres, "run", TestJobs.SAMPLE_JOB.toString());
		assertThat(run.exitCode()).as(run.output()).isZero();

		try (Connection db = postgres.connect()) {
			LedgerGuards.assertRefused(db);
			try (Statement s = db.createStatement()) {
				assertThatThrownBy(() -> s.execute("TRUNCATE ledger_entry")).hasMessageContaining("append-only");
			}
		}
		assertThat(cli(postgres, "ledger", "verify").exitCode()).isZero();

		try (Connection db = postgres.connect(); Statement s = db.createStatement()) {
			Insider.dropGuards(db);
			s.executeUpdate("UPDATE ledger_entry SET entry_type = 'NOTICE_FAILED_PERMANENT', payload = REPLACE(payload,"
					+ " '\"type\":\"NOTICE_SENT\"', '\"type\":\"NOTICE_FAILED_PERMANENT\"') WHERE seq IN (30, 31, 32, 33)");
			s.executeUpdate("DELETE FROM ledger_entry WHERE seq = 100");
			Insider.rechain(db);
		}
		Cli.Result chainOnly = cli(postgres, "ledger", "verify", "--anchors", home.resolve("none").toString());
		assertThat(chainOnly.exitCode()).as("the forgery is consistent: " + chainOnly.output()).isZero();
		Cli.Result verify = cli(postgres, "ledger", "verify", "--public-key", home.resolve("secrets/ledger-signing.pub").toString());
		assertThat(verify.exitCode()).isEqualTo(1);
		assertThat(verify.output()).contains("Ledger BROKEN", "the ledger has 242 entries but checkpoint #1");
	}

	@Test
	void aShortenedLedgerAndAnAddressChangedWithItsHmacAreCaught() throws Exception {
		Postgres postgres = Postgres.freshDatabase();
		assertThat(cli(postgres, "run", TestJobs.SAMPLE_JOB.toString()).exitCode()).isZero();
		RecipientHmac hmac = new RecipientHmac(java.nio.file.Files.readString(home.resolve("secrets/ledger-hmac.key")).strip()
			.getBytes(java.nio.charset.StandardCharsets.UTF_8));

		try (Connection db = postgres.connect(); Statement s = db.createStatement()) {
			Insider.dropGuards(db);
			String old = (String) postgres.query("SELECT recipient_hmac FROM ledger_entry WHERE seq = 15").get(0).get("recipient_hmac");
			String forged = hmac.of("someone.else@example.com");
			s.executeUpdate("UPDATE ledger_entry SET recipient_email = 'someone.else@example.com', recipient_hmac = '" + forged
					+ "', payload = REPLACE(payload, '" + old + "', '" + forged + "') WHERE seq = 15");
			Insider.rechain(db);
		}
		assertThat(cli(postgres, "ledger", "verify", "--anchors", home.resolve("none").toString()).exitCode()).isZero();
		assertThat(verify(postgres).output()).contains("Ledger BROKEN", "entry 243 is not the one checkpoint #1 signed");

		try (Connection db = postgres.connect(); Statement s = db.createStatement()) {
			Insider.dropGuards(db);
			s.executeUpdate("DELETE FROM ledger_entry WHERE seq > 238");
			Insider.rechain(db);
		}
		assertThat(verify(postgres).output()).contains("Ledger BROKEN", "the ledger has 238 entries but checkpoint #1");
	}

	private Cli.Result verify(Postgres postgres) {
		Cli.Result verify = cli(postgres, "ledger", "verify", "--public-key", home.resolve("secrets/ledger-signing.pub").toString());
		assertThat(verify.exitCode()).isEqualTo(1);
		return verify;
	}

	private Cli.Result cli(Postgres postgres, String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(List.of("--home", home.toString()));
		args.addAll(List.of(postgres.springArguments()));
		return Cli.run(args.toArray(String[]::new));
	}

}
