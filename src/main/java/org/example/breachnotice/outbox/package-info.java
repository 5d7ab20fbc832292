/**
 * The per-recipient outbox: {@code notice}, {@code notice_organization} and {@code notice_jurisdiction}.
 * The dedupe step inserts the notices from the staged rows; from then on {@code Outbox} alone changes them
 * (claim, outcome, recovery, retry, cancel, erasure) and {@code OutboxQueries} answers every question about them
 * with typed results.
 */
package org.example.breachnotice.outbox;
