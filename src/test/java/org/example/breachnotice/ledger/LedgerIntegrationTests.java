package org.example.breachnotice.ledger;

import java.io.Reader;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger of a real run of the sample job (pickup transport), then tampered with in the
 * database the way an insider would: every kind of change is caught and named.
 */
class LedgerIntegrationTests {

	@TempDir
	static Path sampleRun;

	@TempDir
	Path home;

	@BeforeAll
	static void runTheSampleJob() {
		Cli.Result result = Cli.run("run", TestJobs.SAMPLE_JOB.toString(), "--home", sampleRun.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void theSampleRunWritesOneEmlPerNoticeAndAnIntactLedger() throws Exception {
		copySampleRun();
		long sent = StateDb.statusCounts(home).get("SENT");
		try (Stream<Path> files = Files.list(home.resolve("out/mixpanel-2025-11/outbox"))) {
			assertThat(files.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(sent);
		}
		Cli.Result verify = verify();
		assertThat(verify.exitCode()).isZero();
		assertThat(verify.output()).contains("Ledger intact: " + (sent + 4) + " entries");
	}

	@Test
	void aChangedEntryIsNamed() throws Exception {
		copySampleRun();
		Insider.tamper(home, "UPDATE ledger_entry SET payload = REPLACE(payload, 'NOTICE_SENT', 'NOTICE_FAILED') WHERE seq = 10");
		assertBroken("entry 10 (NOTICE_SENT) was changed");
	}

	@Test
	void aChangedColumnOutsideThePayloadIsNamed() throws Exception {
		copySampleRun();
		Insider.tamper(home, "UPDATE ledger_entry SET entry_type = 'NOTICE_FAILED_PERMANENT' WHERE seq = 12");
		assertBroken("entry 12 (NOTICE_FAILED_PERMANENT) was changed");
	}

	@Test
	void aRemovedEntryIsNamed() throws Exception {
		copySampleRun();
		Insider.tamper(home, "DELETE FROM ledger_entry WHERE seq = 7");
		assertBroken("entry 7 is missing");
	}

	@Test
	void reorderedEntriesAreNamed() throws Exception {
		copySampleRun();
		Insider.tamper(home, "UPDATE ledger_entry SET seq = -1 WHERE seq = 8");
		Insider.tamper(home, "UPDATE ledger_entry SET seq = 8 WHERE seq = 9");
		Insider.tamper(home, "UPDATE ledger_entry SET seq = 9 WHERE seq = -1");
		assertBroken("entry 8 does not link to entry 7");
	}

	@Test
	void aTruncatedTailIsCaught() throws Exception {
		copySampleRun();
		Insider.tamper(home, "DELETE FROM ledger_entry WHERE seq = (SELECT MAX(seq) FROM ledger_entry)");
		assertBroken("the ledger head points at entry");
	}

	@Test
	void aSwappedAddressIsCaught() throws Exception {
		copySampleRun();
		Insider.tamper(home, "UPDATE ledger_entry SET recipient_email = 'someone.else@example.com' WHERE seq = 15");
		assertBroken("entry 15 (NOTICE_SENT) was changed: the stored address does not match its HMAC");
	}

	@Test
	void erasureLeavesNoAddressInTheStateFolderAndKeepsTheChainVerifiableAndFindWorking() throws Exception {
		copySampleRun();
		String address = (String) StateDb.query(home, "SELECT recipient_email FROM ledger_entry WHERE seq = 20").get(0)
			.get("recipient_email");

		Cli.Result erase = Cli.run("erase", "mixpanel-2025-11", "--confirm", "--home", home.toString());

		assertThat(erase.exitCode()).as(erase.output()).isZero();
		assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM person_row")).containsExactly(java.util.Map.of("n", 0L));
		assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM notice WHERE recipient_email <> '' OR recipient_name IS NOT NULL"))
			.containsExactly(java.util.Map.of("n", 0L));
		assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM ledger_entry WHERE recipient_email IS NOT NULL"))
			.containsExactly(java.util.Map.of("n", 0L));
		assertThat(home.resolve("out/mixpanel-2025-11/outbox")).doesNotExist();
		try (Stream<Path> files = Files.walk(home.resolve("db"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
					.doesNotContain(address);
			}
		}
		assertThat(verify().exitCode()).isZero();
		Cli.Result find = Cli.run("ledger", "find", address.toUpperCase(), "--home", home.toString());
		assertThat(find.exitCode()).isZero();
		assertThat(find.output()).contains("NOTICE_SENT").containsPattern("<[0-9a-f]{40}@example\\.com>");
	}

	@Test
	void exportsCanBeVerifiedIndependently() throws Exception {
		copySampleRun();
		Path csv = home.resolve("ledger.csv");
		Path json = home.resolve("ledger.json");
		assertThat(Cli.run("ledger", "export", "--format", "csv", "--output", csv.toString(), "--home", home.toString())
			.exitCode()).isZero();
		assertThat(Cli.run("ledger", "export", "--format", "json", "--output", json.toString(), "--home", home.toString())
			.exitCode()).isZero();

		List<CSVRecord> rows;
		try (Reader reader = Files.newBufferedReader(csv)) {
			rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
		}
		String previous = "0".repeat(64);
		for (CSVRecord row : rows) {
			// What an auditor re-implements: SHA-256 over a fixed prefix, the previous hash and the payload.
			String recomputed = Hashes.sha256("breach-notice-ledger-v1\n" + previous + "\n" + row.get("payload"));
			assertThat(recomputed).as("entry " + row.get("seq")).isEqualTo(row.get("entry_hash"));
			previous = recomputed;
		}
		List<Object> entries = JsonPath.read(json.toFile(), "$[*].entry_hash");
		assertThat(entries).hasSize(rows.size());
		assertThat((String) JsonPath.read(json.toFile(), "$[0].payload.type")).isEqualTo("RUN_STARTED");
	}

	@Test
	void theDatabaseRefusesEditsOfTheLedgerButErasure() throws Exception {
		copySampleRun();
		try (Connection db = StateDb.open(home)) {
			LedgerGuards.assertRefused(db);
		}
		assertThat(verify().exitCode()).isZero();
	}

	// An insider with write access to the database edits it and recomputes the chain: only the
	// signed checkpoints in the anchor file, outside the database, can tell.

	@Test
	void theLastEntriesRemovedAndTheHeadMovedBackAreCaught() throws Exception {
		copySampleRun();
		try (Connection db = StateDb.open(home); Statement s = db.createStatement()) {
			Insider.dropGuards(db);
			s.executeUpdate("DELETE FROM ledger_entry WHERE seq > (SELECT MAX(seq) - 5 FROM ledger_entry)");
			Insider.rechain(db);
		}
		assertChainAloneIntact();
		assertBroken("but checkpoint #1 (signed");
		assertBroken("covers 243: entries were removed, or the database was restored to an older state");
	}

	@Test
	void anEntryRemovedAndTheRestRenumberedIsCaught() throws Exception {
		copySampleRun();
		try (Connection db = StateDb.open(home); Statement s = db.createStatement()) {
			Insider.dropGuards(db);
			s.executeUpdate("DELETE FROM ledger_entry WHERE seq = 100");
			Insider.rechain(db);
		}
		assertChainAloneIntact();
		assertBroken("the ledger has 242 entries but checkpoint #1");
	}

	@Test
	void outcomesRewrittenWithRecomputedHashesAreCaught() throws Exception {
		copySampleRun();
		try (Connection db = StateDb.open(home); Statement s = db.createStatement()) {
			Insider.dropGuards(db);
			s.executeUpdate("UPDATE ledger_entry SET entry_type = 'NOTICE_FAILED_PERMANENT', payload = REPLACE(payload,"
					+ " '\"type\":\"NOTICE_SENT\"', '\"type\":\"NOTICE_FAILED_PERMANENT\"') WHERE seq IN (30, 31, 32, 33)");
			Insider.rechain(db);
		}
		assertChainAloneIntact();
		assertBroken("entry 243 is not the one checkpoint #1 signed at");
	}

	@Test
	void anAddressAndItsHmacChangedWithTheKeyAreCaught() throws Exception {
		copySampleRun();
		RecipientHmac hmac = new RecipientHmac(
				Files.readString(home.resolve("secrets/ledger-hmac.key")).strip().getBytes(StandardCharsets.UTF_8));
		try (Connection db = StateDb.open(home); Statement s = db.createStatement()) {
			Insider.dropGuards(db);
			String old = (String) StateDb.query(home, "SELECT recipient_hmac FROM ledger_entry WHERE seq = 15").get(0).get("recipient_hmac");
			String forged = hmac.of("someone.else@example.com");
			s.executeUpdate("UPDATE ledger_entry SET recipient_email = 'someone.else@example.com', recipient_hmac = '" + forged
					+ "', payload = REPLACE(payload, '" + old + "', '" + forged + "') WHERE seq = 15");
			Insider.rechain(db);
		}
		assertChainAloneIntact();
		assertBroken("entry 243 is not the one checkpoint #1 signed");
	}

	@Test
	void anEntryInsertedBeforeACheckpointIsCaught() throws Exception {
		copySampleRun();
		try (Connection db = StateDb.open(home); Statement s = db.createStatement()) {
			Insider.dropGuards(db);
			// A copy of entry 40 slipped in after entry 50; the last entry is dropped to keep the count.
			s.executeUpdate("UPDATE ledger_entry SET seq = -(seq + 1) WHERE seq > 50");
			s.executeUpdate("UPDATE ledger_entry SET seq = -seq WHERE seq < 0");
			s.executeUpdate("INSERT INTO ledger_entry SELECT 51, incident_id, entry_type, recorded_at, recipient_hmac,"
					+ " recipient_email, payload, prev_hash, entry_hash FROM ledger_entry WHERE seq = 40");
			s.executeUpdate("DELETE FROM ledger_entry WHERE seq = 244");
			Insider.rechain(db);
		}
		assertChainAloneIntact();
		assertBroken("entry 243 is not the one checkpoint #1 signed");
	}

	@Test
	void aDatabaseRestoredToAnOlderSignedCheckpointIsCaught() throws Exception {
		copySampleRun();
		Path backup = home.resolve("backup-db");
		FileSystemUtils.copyRecursively(home.resolve("db"), backup);
		Cli.Result approval = Cli.approve(TestJobs.sampleVariant(home.resolve("job"), java.util.Map.of()), home);
		assertThat(approval.exitCode()).as(approval.output()).isZero();
		assertThat(Files.readAllLines(home.resolve("anchors/ledger-checkpoints.jsonl"))).hasSize(2);

		FileSystemUtils.deleteRecursively(home.resolve("db"));
		FileSystemUtils.copyRecursively(backup, home.resolve("db"));

		assertThat(Cli.run("ledger", "verify", "--home", home.toString(), "--anchors", home.resolve("no-anchors").toString())
			.exitCode()).isZero();
		assertBroken("the ledger has 243 entries but checkpoint #2");
	}

	@Test
	void anEditedAnchorFileOrAnotherKeyIsCaught() throws Exception {
		copySampleRun();
		Path anchors = home.resolve("anchors/ledger-checkpoints.jsonl");
		Path otherKey = home.resolve("other.key");
		Ed25519.writePair(otherKey, Ed25519.generate());
		Cli.Result wrongKey = Cli.run("ledger", "verify", "--home", home.toString(), "--public-key", otherKey.toString());
		assertThat(wrongKey.exitCode()).isEqualTo(1);
		assertThat(wrongKey.output()).contains("checkpoint #1 (line 1 of the anchor file) does not verify with key");

		Files.writeString(anchors, Files.readString(anchors).replace("\"entries\":243", "\"entries\":240"));
		assertBroken("checkpoint #1 (line 1 of the anchor file) does not verify");
	}

	private void assertChainAloneIntact() {
		Cli.Result chainOnly = Cli.run("ledger", "verify", "--home", home.toString(), "--anchors", home.resolve("none").toString());
		assertThat(chainOnly.exitCode()).as("the forgery is consistent: " + chainOnly.output()).isZero();
	}

	private void copySampleRun() throws Exception {
		FileSystemUtils.copyRecursively(sampleRun, home);
	}

	/** As compliance runs it, with its own copy of the public key. */
	private Cli.Result verify() {
		return Cli.run("ledger", "verify", "--home", home.toString(), "--public-key",
				home.resolve("secrets/ledger-signing.pub").toString());
	}

	private void assertBroken(String expected) {
		Cli.Result result = verify();
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("Ledger BROKEN", expected);
	}

}
