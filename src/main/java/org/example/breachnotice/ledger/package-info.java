/**
 * The tamper-evident audit ledger: owns {@code ledger_entry} and {@code ledger_head}. Appends hash-chained
 * entries, reads them back typed, verifies the chain against the signed checkpoints in the anchor file.
 */
package org.example.breachnotice.ledger;
