/**
 * What a live send must pass first: the content rules per jurisdiction, preflight with its anti-phishing lint,
 * deadlines, and the signed four-eyes approval (keyring, APPROVAL and KEYRING ledger entries).
 */
package org.example.breachnotice.compliance;
