package org.example.breachnotice.delivery;

import org.example.breachnotice.outbox.NoticeStatus;

/**
 * The outcome of one attempt at a message: SENT, DEFERRED (4xx, broken connection) or
 * FAILED_PERMANENT, with the server's reply; {@code attempts}: 1, or 0 for a throttling reply (it
 * does not use up the recipient's retries); {@code doubtfulAttempts}: 1 when the data ended and no
 * reply was read.
 */
record DeliveryResult(NoticeStatus status, Integer replyCode, String replyText, int attempts, int doubtfulAttempts) {
}
