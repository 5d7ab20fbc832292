/**
 * The dedupe step: from the staged rows, one notice per person and one per organization administrator, made in
 * SQL one range of partition keys at a time, and the run's summary.json.
 */
package org.example.breachnotice.dedupe;
