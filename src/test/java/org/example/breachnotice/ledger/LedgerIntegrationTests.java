package org.example.breachnotice.ledger;

import java.io.Reader;
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
		StateDb.update(home, "UPDATE ledger_entry SET payload = REPLACE(payload, 'NOTICE_SENT', 'NOTICE_FAILED') WHERE seq = 10");
		assertBroken("entry 10 (NOTICE_SENT) was changed");
	}

	@Test
	void aChangedColumnOutsideThePayloadIsNamed() throws Exception {
		copySampleRun();
		StateDb.update(home, "UPDATE ledger_entry SET entry_type = 'NOTICE_FAILED_PERMANENT' WHERE seq = 12");
		assertBroken("entry 12 (NOTICE_FAILED_PERMANENT) was changed");
	}

	@Test
	void aRemovedEntryIsNamed() throws Exception {
		copySampleRun();
		StateDb.update(home, "DELETE FROM ledger_entry WHERE seq = 7");
		assertBroken("entry 7 is missing");
	}

	@Test
	void reorderedEntriesAreNamed() throws Exception {
		copySampleRun();
		StateDb.update(home, "UPDATE ledger_entry SET seq = -1 WHERE seq = 8");
		StateDb.update(home, "UPDATE ledger_entry SET seq = 8 WHERE seq = 9");
		StateDb.update(home, "UPDATE ledger_entry SET seq = 9 WHERE seq = -1");
		assertBroken("entry 8 does not link to entry 7");
	}

	@Test
	void aTruncatedTailIsCaught() throws Exception {
		copySampleRun();
		StateDb.update(home, "DELETE FROM ledger_entry WHERE seq = (SELECT MAX(seq) FROM ledger_entry)");
		assertBroken("the ledger head points at entry");
	}

	@Test
	void aSwappedAddressIsCaught() throws Exception {
		copySampleRun();
		StateDb.update(home, "UPDATE ledger_entry SET recipient_email = 'someone.else@example.com' WHERE seq = 15");
		assertBroken("entry 15 (NOTICE_SENT) was changed: the stored address does not match its HMAC");
	}

	@Test
	void erasingAddressesKeepsTheChainVerifiableAndFindWorking() throws Exception {
		copySampleRun();
		String address = (String) StateDb.query(home, "SELECT recipient_email FROM ledger_entry WHERE seq = 20").get(0)
			.get("recipient_email");

		StateDb.update(home, "UPDATE ledger_entry SET recipient_email = NULL");

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

	private void copySampleRun() throws Exception {
		FileSystemUtils.copyRecursively(sampleRun, home);
	}

	private Cli.Result verify() {
		return Cli.run("ledger", "verify", "--home", home.toString());
	}

	private void assertBroken(String expected) {
		Cli.Result result = verify();
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("Ledger BROKEN", expected);
	}

}
