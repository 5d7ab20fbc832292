/**
 * {@code serve}: launches each job file's waves on its schedule, inside its send window, and reads bounce
 * mailboxes on its own.
 */
package org.example.breachnotice.schedule;
