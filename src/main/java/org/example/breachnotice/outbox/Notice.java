package org.example.breachnotice.outbox;

import org.example.breachnotice.ledger.Hashes;

/**
 * One row of the outbox: a notice to one recipient. The idempotency key is derived from what
 * makes the notice unique (incident, type, recipient, organization), never from a row id, so
 * the same notice always carries the same Message-ID. {@code attempts}: made before this one;
 * {@code doubtfulAttempts}: those of them that may have reached the relay unbeknown to us (a copy
 * may already be in the mailbox); {@code firstAttemptAt}: null before the first.
 */
public record Notice(long id, String incidentId, NoticeType type, String recipientKey, String organizationId,
		String email, String name, String organizationName, int affectedPeople, String locale, int partitionKey,
		String messageId, int attempts, int doubtfulAttempts, java.time.Instant firstAttemptAt) {

	public String idempotencyKey() {
		return Hashes.sha256(String.join("\n", incidentId, type.name(), recipientKey, organizationId)).substring(0, 40);
	}

	/** The same notice with its Message-ID on the given (official) domain. */
	public Notice withMessageIdOn(String domain) {
		return new Notice(id, incidentId, type, recipientKey, organizationId, email, name, organizationName,
				affectedPeople, locale, partitionKey, "<" + idempotencyKey() + "@" + domain + ">", attempts, doubtfulAttempts,
				firstAttemptAt);
	}

}
