package org.example.breachnotice.outbox;

/**
 * PENDING -> SENDING (claimed, committed before SMTP) -> SENT | FAILED_TRANSIENT | FAILED_PERMANENT.
 * SENDING found at start-up means a process died between claim and outcome: UNKNOWN.
 * CANCELLED: still pending when its execution was abandoned; never sent.
 */
public enum NoticeStatus {

	PENDING, SENDING, SENT, FAILED_TRANSIENT, FAILED_PERMANENT, UNKNOWN, CANCELLED

}
