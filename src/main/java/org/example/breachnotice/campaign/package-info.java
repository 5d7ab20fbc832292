/**
 * The job file: one incident's facts, data set, templates, delivery and compliance settings, loaded and checked
 * (file, line and key named on every error) into the {@code Campaign} record.
 */
package org.example.breachnotice.campaign;
