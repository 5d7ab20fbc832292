/**
 * The notification and retry jobs: their steps in order, the run as an operator sees it (start, resume,
 * stop, abandon, status snapshots) and where one incident's outputs go.
 */
package org.example.breachnotice.notification;
