/**
 * The notification and retry jobs, declared as beans ({@code NotificationJobConfiguration}: their steps in order
 * and the steps of their own), their ledger brackets ({@code RunLedger}), and the run as an operator sees it
 * (launch with job parameters, resume, stop and wave gates, abandon, status snapshots).
 */
package org.example.breachnotice.notification;
