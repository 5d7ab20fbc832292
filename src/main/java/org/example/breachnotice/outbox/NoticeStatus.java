package org.example.breachnotice.outbox;

/**
 * PENDING -> SENDING (claimed, committed before SMTP) -> SENT | DEFERRED | FAILED_PERMANENT.
 * DEFERRED (a 4xx reply or a broken connection) -> SENDING again when its next attempt is due, or
 * FAILED_TRANSIENT once the retry schedule is used up. SENDING found at start-up means a process
 * died between claim and outcome: settled from the attempt journal, else UNKNOWN.
 * CANCELLED: still pending when its execution was abandoned; never sent.
 * BOUNCED: SENT, then a delivery status notification reported a permanent failure.
 */
public enum NoticeStatus {

	PENDING, SENDING, SENT, DEFERRED, FAILED_TRANSIENT, FAILED_PERMANENT, UNKNOWN, CANCELLED, BOUNCED;

	/** Not delivered, nothing more will be tried on its own: the population of a retry or a substitute notice. */
	public static final java.util.Set<NoticeStatus> UNDELIVERED = java.util.EnumSet.of(FAILED_TRANSIENT, FAILED_PERMANENT, UNKNOWN,
			BOUNCED);

	/** {@link #UNDELIVERED} as an SQL list, e.g. {@code ('FAILED_TRANSIENT', ...)}, for {@code status IN ...}. */
	public static final String UNDELIVERED_SQL = UNDELIVERED.stream().map(status -> "'" + status.name() + "'")
		.collect(java.util.stream.Collectors.joining(", ", "(", ")"));

}
