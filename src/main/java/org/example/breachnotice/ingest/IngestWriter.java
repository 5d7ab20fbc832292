package org.example.breachnotice.ingest;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import org.example.breachnotice.compliance.Jurisdictions;
import org.example.breachnotice.outbox.PartitionKeys;

import org.example.breachnotice.ingest.IngestedRow.AdminRow;
import org.example.breachnotice.ingest.IngestedRow.PersonRow;
import org.example.breachnotice.ingest.IngestedRow.Reject;
import org.example.breachnotice.ingest.IngestedRow.RejectedRow;

/**
 * Stores a chunk of ingested rows in the staging tables, inside the chunk's transaction: the rows
 * and the reader's checkpoint commit together, so a restart neither loses nor repeats a row.
 */
class IngestWriter implements ItemWriter<IngestedRow> {

	private final JdbcTemplate jdbc;

	private final String runKey;

	IngestWriter(JdbcTemplate jdbc, String runKey) {
		this.jdbc = jdbc;
		this.runKey = runKey;
	}

	@Override
	public void write(Chunk<? extends IngestedRow> chunk) {
		List<Object[]> people = new ArrayList<>();
		List<Object[]> admins = new ArrayList<>();
		List<Object[]> rejects = new ArrayList<>();
		for (IngestedRow row : chunk) {
			if (row instanceof PersonRow p) {
				people.add(new Object[] { runKey, p.line(), p.userId(), p.organizationId(), p.organizationName(), p.name(),
						p.email(), p.emailKey(), p.city(), p.region(), p.country(), p.os(), p.browser(), p.referrer(),
						p.locale(), p.localeExplicit(), Jurisdictions.of(p.country(), p.region()),
						PartitionKeys.of(p.emailKey()) });
			}
			else if (row instanceof AdminRow a) {
				admins.add(new Object[] { runKey, a.line(), a.organizationId(), a.organizationName(), a.adminName(),
						a.email(), a.emailKey(), a.country(), a.locale(), a.localeExplicit(), Jurisdictions.of(a.country(), ""),
						PartitionKeys.of(a.emailKey()) });
			}
			else if (row instanceof RejectedRow r) {
				for (Reject reject : r.rejects()) {
					rejects.add(new Object[] { runKey, reject.source(), reject.line(), reject.field(), reject.reason() });
				}
			}
		}
		if (!people.isEmpty()) {
			jdbc.batchUpdate("""
					INSERT INTO person_row (run_key, line_no, user_id, organization_id, organization_name, name, email,
					  email_key, city, region, country, os, browser, referrer, locale, locale_explicit, jurisdiction, partition_key)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", people);
		}
		if (!admins.isEmpty()) {
			jdbc.batchUpdate("""
					INSERT INTO admin_row (run_key, line_no, organization_id, organization_name, admin_name, email,
					  email_key, country, locale, locale_explicit, jurisdiction, partition_key)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", admins);
		}
		if (!rejects.isEmpty()) {
			jdbc.batchUpdate("INSERT INTO reject_row (run_key, source, line_no, field, reason) VALUES (?, ?, ?, ?, ?)", rejects);
		}
	}

}
