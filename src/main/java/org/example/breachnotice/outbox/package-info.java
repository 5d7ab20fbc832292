/**
 * The per-recipient outbox: {@code notice}, {@code notice_key} (each notice's identity, once per incident),
 * {@code notice_organization} and {@code notice_jurisdiction}. The dedupe step inserts the notices and their
 * identity from the staged rows ({@code NoticeKeyMigration} fills {@code notice_key} in an older state folder);
 * from then on {@code Outbox} alone changes them
 * (claim, outcome, recovery, retry, cancel, erasure) and {@code OutboxQueries} answers every question about them
 * with typed results.
 */
package org.example.breachnotice.outbox;
