/**
 * Small helpers every feature uses: addresses and names masked in text and in every log line, formula-safe
 * CSV, HTML escaping, PEM key files, and the progress line of a long step.
 */
package org.example.breachnotice.support;
