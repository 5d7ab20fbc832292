/**
 * The send step ({@code SendSteps}: the partitioned {@code sendStep} and the {@code sendPartition} step found by its
 * name): partitions of the outbox, each with its SMTP connection (or pickup folder), its attempt journal, DKIM
 * signing and the rate limit its process shares ({@code SendRuns}); claim, send and confirm for every notice.
 */
package org.example.breachnotice.delivery;
