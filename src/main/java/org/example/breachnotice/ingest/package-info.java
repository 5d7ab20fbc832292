/**
 * The ingest steps: the input CSV files read, cleaned and validated row by row into the staging tables
 * ({@code person_row}, {@code admin_row}), bad rows into {@code reject_row} and rejects.csv, and the reject gate.
 * Owns those tables.
 */
package org.example.breachnotice.ingest;
