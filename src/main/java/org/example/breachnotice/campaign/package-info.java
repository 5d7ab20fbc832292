/**
 * The job file: one incident's facts, data set, templates, delivery and compliance settings, loaded and checked
 * (file, line and key named on every error) into the {@code Campaign} record; what a step knows of its run
 * ({@code RunParameters}: the job parameters' names and typed accessors; the step-scoped campaign and output
 * folder of {@code CampaignConfiguration}); where one incident's outputs go ({@code OutputFolder}).
 */
package org.example.breachnotice.campaign;
