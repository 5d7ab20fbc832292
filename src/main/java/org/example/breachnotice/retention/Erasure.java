package org.example.breachnotice.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.FileSystemUtils;

import org.example.breachnotice.ingest.StagingRows;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.ledger.RecipientHmac;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.outbox.OutboxQueries;

/**
 * End of retention for one incident: clears every address and name the state folder holds (staged
 * input rows, notices, the addresses beside ledger entries, and the output files that carry them)
 * and keeps what proves the notification: statuses, dates, SMTP replies, and the ledger, whose
 * hashed payloads hold only HMACs, so that it still verifies and {@code ledger find} still finds a
 * person by their address.
 */
@Component
public class Erasure {

	/** Output files and folders of an incident that hold addresses or names. */
	static final List<String> PERSONAL_OUTPUTS = List.of("outbox", "samples", "preview", "journal", "undelivered.csv");

	private final StagingRows staging;

	private final Outbox outbox;

	private final OutboxQueries queries;

	private final Ledger ledger;

	private final RecipientHmac hmac;

	private final Path home;

	private final JdbcTemplate jdbc;

	private final String database;

	public Erasure(StagingRows staging, Outbox outbox, OutboxQueries queries, Ledger ledger, RecipientHmac hmac, @Value("${breach-notice.home}") Path home,
			JdbcTemplate jdbc, @Value("${breach-notice.database}") String database) {
		this.jdbc = jdbc;
		this.database = database;
		this.staging = staging;
		this.outbox = outbox;
		this.queries = queries;
		this.ledger = ledger;
		this.hmac = hmac;
		this.home = home;
	}

	public record Result(int stagedRows, int notices, int ledgerEntries, List<Path> files) {
	}

	/**
	 * @throws IllegalStateException while a notice of the incident may still be sent: erasing its
	 * address would lose it
	 */
	@Transactional
	public Result erase(String incidentId) throws IOException {
		NoticeCounts counts = queries.counts(incidentId);
		long open = counts.of(NoticeStatus.PENDING) + counts.of(NoticeStatus.SENDING) + counts.of(NoticeStatus.DEFERRED);
		if (open > 0) {
			throw new IllegalStateException("Incident " + incidentId + " has " + open + " notice(s) still PENDING, SENDING or"
					+ " DEFERRED: finish or abandon its run first (erasure is for the end of retention).");
		}
		int rows = staging.erase(incidentId);
		int notices = outbox.eraseAddresses(incidentId, hmac::of);
		int entries = ledger.eraseAddresses(incidentId);
		List<Path> files = new ArrayList<>();
		Path out = OutputFolder.of(home, incidentId).root();
		for (String name : PERSONAL_OUTPUTS) {
			if (FileSystemUtils.deleteRecursively(out.resolve(name))) {
				files.add(out.resolve(name));
			}
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("staged_rows_deleted", rows);
		fields.put("notices_erased", notices);
		fields.put("ledger_addresses_cleared", entries);
		fields.put("files_deleted", files.stream().map(f -> home.relativize(f).toString()).toList());
		ledger.append(incidentId, "ADDRESSES_ERASED", fields);
		ledger.checkpointAfterCommit(incidentId);
		return new Result(rows, notices, entries, files);
	}

	/**
	 * Rewrites the embedded database's files, which keep deleted and overwritten rows until then;
	 * call it after {@link #erase} has committed. On PostgreSQL, {@code VACUUM FULL} of the same tables
	 * does it (README, "Erasure"): it cannot run inside the application's transactions.
	 */
	public void compact() {
		if (database.equals("hsqldb")) {
			jdbc.execute("CHECKPOINT DEFRAG");
		}
	}

}
