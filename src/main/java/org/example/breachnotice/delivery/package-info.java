/**
 * The send step: partitions of the outbox, each with its SMTP connection (or pickup folder), its attempt journal,
 * DKIM signing and the shared rate limit; claim, send and confirm for every notice.
 */
package org.example.breachnotice.delivery;
