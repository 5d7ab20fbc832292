/**
 * The incident report for compliance staff (HTML and CSV), its reconciliation of the notice table with the
 * ledger, and the public substitute notice.
 */
package org.example.breachnotice.report;
