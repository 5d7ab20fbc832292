/**
 * Small helpers every feature uses: addresses and names masked in text and in every log line, formula-safe
 * CSV, the report pages rendered from their templates in {@code report/}, PEM key files, and the progress line of a
 * long step.
 */
package org.example.breachnotice.support;
