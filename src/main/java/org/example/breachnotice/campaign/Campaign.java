package org.example.breachnotice.campaign;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One incident campaign, as described by a job file in {@code jobs/}. Every text that a notice
 * shows is given per locale ({@link #LOCALES}), so a translation cannot be forgotten.
 */
public record Campaign(
		Path jobFile,
		String incidentId,
		Localized summary,
		LocalDate unauthorizedAccess,
		LocalDate controllerLearned,
		LocalDate noticeDate,
		Contact controller,
		Contact dpo,
		String from,
		String replyTo,
		String returnPath,
		String officialDomain,
		List<Localized> dataInvolved,
		List<Localized> dataNotInvolved,
		List<Localized> securityMeasures,
		List<Localized> likelyConsequences,
		List<Localized> measuresTaken,
		List<Localized> recipientActions,
		Dataset dataset,
		Path templates,
		Delivery delivery,
		Compliance compliance,
		Schedule schedule,
		Dkim dkim) {

	public static final List<String> LOCALES = List.of("pt-BR", "en");

	/** An incident id names folders and files: letters, digits, '.', '_' and '-', starting with a letter or digit. */
	public static final java.util.regex.Pattern INCIDENT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	/**
	 * An incident id from a command line or a file, checked before it becomes part of a path.
	 * @throws IllegalArgumentException naming the value, for anything else (a path, "..", a slash)
	 */
	public static String requireIncidentId(String id) {
		if (id == null || !INCIDENT_ID.matcher(id).matches()) {
			throw new IllegalArgumentException("'" + id + "' is not an incident id: 1-64 letters, digits, '.', '_' or '-',"
					+ " starting with a letter or digit");
		}
		return id;
	}

	/** A text in every supported locale. */
	public record Localized(Map<String, String> byLocale) {
		public String in(String locale) {
			return byLocale.get(locale);
		}
	}

	public record Contact(String name, String email, String phone, String url) {
	}

	/** Where the data is and how its headers map to the job's field names. */
	public record Dataset(Path people, Path organizations, Map<String, String> peopleColumns,
			Map<String, String> organizationColumns, double maxRejectShare) {
	}

	/**
	 * How notices go out. {@code connectAttempts} and {@code connectBackoffMillis}: reaching the
	 * relay, before the step fails; {@code retries}: when a notice refused with 4xx (or whose
	 * connection broke) is tried again. {@code maxPerSecond} and {@code maxPerHour}: 0 means no
	 * limit. {@code connections}: send partitions, one SMTP connection each; {@code reconnectAfter}:
	 * messages per connection. {@code workers}: {@value #LOCAL_WORKERS} (the partitions run in the
	 * {@code run} process) or {@value #REMOTE_WORKERS} ({@code worker} processes take them through
	 * the broker).
	 */
	public record Delivery(String transport, int chunkSize, int connectAttempts, long connectBackoffMillis,
			boolean resendUnknown, double maxPerSecond, int maxPerHour, int connections, int reconnectAfter,
			RetrySchedule retries, String workers) {

		public static final String LOCAL_WORKERS = "local", REMOTE_WORKERS = "remote";

		public Delivery withConnections(int count) {
			return new Delivery(transport, chunkSize, connectAttempts, connectBackoffMillis, resendUnknown, maxPerSecond,
					maxPerHour, count, reconnectAfter, retries, workers);
		}

		public Delivery withWorkers(String where) {
			return new Delivery(transport, chunkSize, connectAttempts, connectBackoffMillis, resendUnknown, maxPerSecond,
					maxPerHour, connections, reconnectAfter, retries, where);
		}

	}

	/**
	 * A deferred notice's next attempts: {@code delays[i]} after its (i+1)-th failed attempt, the last
	 * delay repeated, none later than {@code retryFor} after its first attempt. A run waits for a
	 * retry due within {@code waitInRun}, its SMTP connections closed; a later one ends the run
	 * (exit 7) and the same command picks it up.
	 */
	public record RetrySchedule(java.util.List<java.time.Duration> delays, java.time.Duration retryFor,
			java.time.Duration waitInRun) {

		public static final RetrySchedule DEFAULT = new RetrySchedule(java.util.List.of(java.time.Duration.ofMinutes(1),
				java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(30),
				java.time.Duration.ofHours(1), java.time.Duration.ofHours(2), java.time.Duration.ofHours(4)),
				java.time.Duration.ofHours(24), java.time.Duration.ofMinutes(15));

		/**
		 * @param failedAttempts the attempts made so far, the one that just failed included (at least 1)
		 * @return when to try again, or null when the schedule is used up
		 */
		public java.time.Instant next(int failedAttempts, java.time.Instant firstAttempt, java.time.Instant now) {
			java.time.Instant next = now.plus(delays.get(Math.min(Math.max(failedAttempts, 1), delays.size()) - 1));
			return next.isAfter(firstAttempt.plus(retryFor)) ? null : next;
		}

	}

	/**
	 * The envelope sender of one notice: with {@code sender.return_path} (e.g. bounces@example.com),
	 * a VERP address per notice, {@code bounces+<idempotency key>@example.com}, so that a bounce names
	 * its notice even when it quotes nothing of it; else null (the From address).
	 */
	public String envelopeFrom(String idempotencyKey) {
		if (returnPath == null) {
			return null;
		}
		int at = returnPath.lastIndexOf('@');
		return returnPath.substring(0, at) + "+" + idempotencyKey + returnPath.substring(at);
	}

	/** The same campaign with other delivery settings (command-line overrides). */
	public Campaign withDelivery(Delivery other) {
		return new Campaign(jobFile, incidentId, summary, unauthorizedAccess, controllerLearned, noticeDate, controller, dpo,
				from, replyTo, returnPath, officialDomain, dataInvolved, dataNotInvolved, securityMeasures, likelyConsequences,
				measuresTaken, recipientActions, dataset, templates, other, compliance, schedule, dkim);
	}

	/**
	 * Which content rules apply: the rules file, the jurisdictions this campaign's templates are
	 * checked for (empty: all in the file), and domains besides the official one that links may
	 * point to (e.g. a regulator's site), and the keyring of those allowed to approve a live send
	 * (null when the job file names none: nothing can then be approved).
	 */
	/**
	 * DKIM signing of every notice for the From domain (sender.dkim): the DNS selector and an RSA
	 * private key in a PKCS#8 PEM file, which stays outside the repository. Null: not signed.
	 */
	public record Dkim(String selector, Path privateKeyFile) {
	}

	public record Compliance(Path rules, List<String> jurisdictions, List<String> allowedLinkDomains, Path approvers) {
	}

	/**
	 * When {@code serve} launches waves: a Spring cron expression (6 fields) in a time zone, an
	 * optional send window (days and hours in that zone) and an optional cap per wave (0: none).
	 */
	/**
	 * For {@code serve}: waves on a cron schedule inside a send window; {@code bouncesImap}, when set,
	 * the mailbox of delivery reports that serve reads every {@code bouncesEvery}.
	 */
	public record Schedule(String cron, java.time.ZoneId zone, java.util.Set<java.time.DayOfWeek> days,
			java.time.LocalTime from, java.time.LocalTime to, int waveCap, String bouncesImap, java.time.Duration bouncesEvery) {

		/** Whether the window is open at this instant (always, when no window is set). */
		public boolean windowOpen(java.time.Instant instant) {
			java.time.ZonedDateTime at = instant.atZone(zone);
			return days.contains(at.getDayOfWeek()) && !at.toLocalTime().isBefore(from) && at.toLocalTime().isBefore(to);
		}

		/** When the window that is open at this instant closes. */
		public java.time.Instant windowEnd(java.time.Instant instant) {
			return instant.atZone(zone).toLocalDate().atTime(to).atZone(zone).toInstant();
		}

	}

	/** The job file and the inputs, in a fixed order: what the ledger hashes at run start. */
	public List<Path> inputFiles() {
		return dataset.organizations() == null ? List.of(dataset.people())
				: List.of(dataset.people(), dataset.organizations());
	}

}
