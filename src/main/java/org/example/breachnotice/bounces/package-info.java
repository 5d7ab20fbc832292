/**
 * Delivery status notifications and abuse reports read from a mailbox (Maildir, mbox, IMAP) and matched to the
 * incident's notices, which they mark BOUNCED or report in the ledger.
 */
package org.example.breachnotice.bounces;
