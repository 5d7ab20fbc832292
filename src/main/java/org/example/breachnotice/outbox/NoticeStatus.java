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

	PENDING, SENDING, SENT, DEFERRED, FAILED_TRANSIENT, FAILED_PERMANENT, UNKNOWN, CANCELLED, BOUNCED

}
