package org.example.breachnotice.delivery;

import org.example.breachnotice.outbox.NoticeStatus;

/**
 * The outcome of one message: SENT, FAILED_TRANSIENT or FAILED_PERMANENT, with the server's reply,
 * the attempts made and how many of them were doubtful (data ended, no reply read).
 */
record DeliveryResult(NoticeStatus status, Integer replyCode, String replyText, int attempts, int doubtfulAttempts) {
}
