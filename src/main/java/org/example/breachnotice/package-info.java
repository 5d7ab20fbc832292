/**
 * breach-notice: notifies the people and organizations affected by a personal-data breach, exactly once, with a
 * hash-chained ledger as proof. This package is only the entry point; each feature has a package of its own.
 */
package org.example.breachnotice;
