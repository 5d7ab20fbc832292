package org.example.breachnotice.ledger;

/** One stored ledger row, as export and find show it. */
public record LedgerEntry(long seq, String incidentId, String type, String recordedAt, String recipientHmac,
		String recipientEmail, String payload, String prevHash, String entryHash) {
}
