package org.example.breachnotice.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.example.breachnotice.campaign.Campaign.Compliance;
import org.example.breachnotice.campaign.Campaign.Contact;
import org.example.breachnotice.campaign.Campaign.Dataset;
import org.example.breachnotice.campaign.Campaign.Delivery;
import org.example.breachnotice.campaign.Campaign.Localized;
import org.example.breachnotice.campaign.Campaign.Schedule;

/**
 * Reads and checks a job file before anything else happens: an unknown key, a missing fact, a
 * malformed date or an untranslated text stops the command with a message that names the file,
 * the line and the key.
 */
public final class CampaignLoader {

	/** Field names of the people CSV; the job file may map each to another header. */
	public static final List<String> PEOPLE_FIELDS = List.of("user_id", "organization_id", "organization_name",
			"name", "email", "city", "region", "country", "os", "browser", "referrer", "locale");

	/** Field names of the organizations (admin contacts) CSV. */
	public static final List<String> ORGANIZATION_FIELDS = List.of("organization_id", "organization_name",
			"admin_name", "admin_email", "country", "locale");

	private static final Set<String> TRANSPORTS = Set.of("pickup", "smtp");

	private CampaignLoader() {
	}

	public static Campaign load(Path jobFile) {
		Path file = jobFile.normalize();
		if (!Files.isRegularFile(file)) {
			throw new CampaignException(file + ": job file not found (give the path of a .yaml file, for example jobs/mixpanel-2025-11.yaml)");
		}
		return read(file, YamlObject.read(file));
	}

	private static Campaign read(Path file, YamlObject top) {
		Path base = file.toAbsolutePath().getParent();

		YamlObject incident = top.requiredObject("incident");
		String incidentId = incident.requiredText("id");
		if (!Campaign.INCIDENT_ID.matcher(incidentId).matches()) {
			throw incident.error("id", "must be 1-64 letters, digits, '.', '_' or '-' (it names folders and the ledger), not '" + incidentId + "'");
		}
		LocalDate access = incident.requiredDate("unauthorized_access");
		LocalDate learned = incident.requiredDate("controller_learned");
		LocalDate noticeDate = incident.requiredDate("notice_date");
		if (learned.isBefore(access)) {
			throw incident.error("controller_learned", "(" + learned + ") is before 'incident.unauthorized_access' (" + access + ")");
		}
		if (noticeDate.isBefore(learned)) {
			throw incident.error("notice_date", "(" + noticeDate + ") is before 'incident.controller_learned' (" + learned + ")");
		}
		Localized summary = localized(incident.requiredObject("summary"));
		incident.rejectUnknownKeys();

		Contact controller = contact(top.requiredObject("controller"));
		Contact dpo = contact(top.requiredObject("dpo"));

		String officialDomain = top.requiredText("official_domain").toLowerCase(Locale.ROOT);
		YamlObject sender = top.requiredObject("sender");
		String from = address(sender, "from", officialDomain);
		String replyTo = address(sender, "reply_to", null);
		String returnPath = sender.has("return_path") ? address(sender, "return_path", officialDomain) : null;
		if (returnPath != null && !returnPath.matches("[^<>\\s+]+@[^<>\\s]+")) {
			throw sender.error("return_path", "must be a bare address without '+' (e.g. bounces@" + officialDomain
					+ "): each notice gets bounces+<key>@ from it");
		}
		YamlObject dkimObject = sender.optionalObject("dkim");
		Campaign.Dkim dkim = null;
		if (dkimObject != null) {
			dkim = new Campaign.Dkim(dkimObject.requiredText("selector"), existingFile(dkimObject, "private_key_file", base));
			dkimObject.rejectUnknownKeys();
		}
		sender.rejectUnknownKeys();

		List<Localized> involved = localizedList(top, "data_involved");
		List<Localized> notInvolved = localizedList(top, "data_not_involved");
		List<Localized> security = localizedList(top, "security_measures");
		List<Localized> consequences = localizedList(top, "likely_consequences");
		List<Localized> measures = localizedList(top, "measures_taken");
		List<Localized> actions = localizedList(top, "recipient_actions");

		Dataset dataset = dataset(top.requiredObject("dataset"), base);
		Path templates = base.resolve(top.optionalText("templates", "../templates")).normalize();
		Delivery delivery = delivery(top.optionalObject("delivery"));
		Compliance compliance = compliance(top.optionalObject("compliance"), base);
		Schedule schedule = schedule(top.optionalObject("schedule"));
		top.rejectUnknownKeys();

		return new Campaign(file, incidentId, summary, access, learned, noticeDate, controller, dpo, from, replyTo, returnPath,
				officialDomain, involved, notInvolved, security, consequences, measures, actions, dataset, templates, delivery,
				compliance, schedule, dkim);
	}

	private static Contact contact(YamlObject object) {
		Contact contact = new Contact(object.requiredText("name"), object.requiredText("email"),
				object.optionalText("phone", ""), object.optionalText("url", ""));
		checkAddress(object, "email", contact.email());
		object.rejectUnknownKeys();
		return contact;
	}

	private static String address(YamlObject object, String key, String requiredDomain) {
		String text = object.requiredText(key);
		InternetAddress address = checkAddress(object, key, text);
		if (requiredDomain != null) {
			String domain = address.getAddress().substring(address.getAddress().indexOf('@') + 1).toLowerCase(Locale.ROOT);
			if (!domain.equals(requiredDomain) && !domain.endsWith("." + requiredDomain)) {
				throw object.error(key, "uses the domain '" + domain + "', but notices must come from the official domain '"
						+ requiredDomain + "' (anything else looks like phishing)");
			}
		}
		return text;
	}

	private static InternetAddress checkAddress(YamlObject object, String key, String text) {
		try {
			InternetAddress address = new InternetAddress(text, true);
			if (address.getAddress().indexOf('@') < 1) {
				throw new AddressException("no domain");
			}
			return address;
		}
		catch (AddressException ex) {
			throw object.error(key, "is not a valid e-mail address: '" + text + "'");
		}
	}

	private static Localized localized(YamlObject object) {
		Map<String, String> texts = new LinkedHashMap<>();
		for (String locale : Campaign.LOCALES) {
			texts.put(locale, object.requiredText(locale));
		}
		object.rejectUnknownKeys();
		return new Localized(Map.copyOf(texts));
	}

	private static List<Localized> localizedList(YamlObject top, String key) {
		return top.requiredList(key).stream().map(CampaignLoader::localized).toList();
	}

	private static Dataset dataset(YamlObject object, Path base) {
		Path people = existingFile(object, "people", base);
		Path organizations = object.optionalText("organizations", null) == null ? null
				: existingFile(object, "organizations", base);
		Map<String, String> peopleColumns = Map.of();
		Map<String, String> organizationColumns = Map.of();
		YamlObject columns = object.optionalObject("columns");
		if (columns != null) {
			peopleColumns = columnMap(columns, "people", PEOPLE_FIELDS);
			organizationColumns = columnMap(columns, "organizations", ORGANIZATION_FIELDS);
			columns.rejectUnknownKeys();
		}
		double maxRejectShare = object.optionalShare("max_reject_share", 0.05);
		object.rejectUnknownKeys();
		return new Dataset(people, organizations, peopleColumns, organizationColumns, maxRejectShare);
	}

	private static Map<String, String> columnMap(YamlObject columns, String key, List<String> fields) {
		YamlObject mapping = columns.optionalObject(key);
		if (mapping == null) {
			return Map.of();
		}
		Map<String, String> map = new LinkedHashMap<>();
		for (String field : fields) {
			String header = mapping.optionalText(field, null);
			if (header != null) {
				map.put(field, header);
			}
		}
		mapping.rejectUnknownKeys();
		return Map.copyOf(map);
	}

	private static Path existingFile(YamlObject object, String key, Path base) {
		Path path = base.resolve(object.requiredText(key)).normalize();
		if (!Files.isRegularFile(path)) {
			throw object.error(key, "points to " + path + ", which does not exist or is not a file (paths are relative to the job file)");
		}
		return path;
	}

	private static Compliance compliance(YamlObject object, Path base) {
		String defaultRules = "../rules/content-rules.yaml";
		if (object == null) {
			return new Compliance(base.resolve(defaultRules).normalize(), List.of(), List.of(), null);
		}
		Compliance compliance = new Compliance(base.resolve(object.optionalText("rules", defaultRules)).normalize(),
				object.optionalTextList("jurisdictions"),
				object.optionalTextList("allowed_link_domains").stream().map(d -> d.toLowerCase(Locale.ROOT)).toList(),
				object.optionalText("approvers", null) == null ? null : existingFile(object, "approvers", base));
		object.rejectUnknownKeys();
		return compliance;
	}

	private static Schedule schedule(YamlObject object) {
		if (object == null) {
			return null;
		}
		String cron = object.requiredText("cron");
		try {
			org.springframework.scheduling.support.CronExpression.parse(cron);
		}
		catch (IllegalArgumentException ex) {
			throw object.error("cron", "is not a cron expression with 6 fields (second minute hour day month weekday), e.g. "
					+ "\"0 */15 * * * *\": " + ex.getMessage());
		}
		java.time.ZoneId zone;
		String zoneText = object.optionalText("zone", "UTC");
		try {
			zone = java.time.ZoneId.of(zoneText);
		}
		catch (java.time.DateTimeException ex) {
			throw object.error("zone", "is not a time zone such as America/Sao_Paulo: '" + zoneText + "'");
		}
		java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.allOf(java.time.DayOfWeek.class);
		java.time.LocalTime from = java.time.LocalTime.MIN;
		java.time.LocalTime to = java.time.LocalTime.MAX;
		YamlObject window = object.optionalObject("window");
		if (window != null) {
			List<String> dayNames = window.optionalTextList("days");
			if (!dayNames.isEmpty()) {
				days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
				for (String day : dayNames) {
					java.time.DayOfWeek match = java.util.Arrays.stream(java.time.DayOfWeek.values())
						.filter(d -> d.name().startsWith(day.toUpperCase(Locale.ROOT)) && day.length() >= 3).findFirst()
						.orElseThrow(() -> window.error("days", "has '" + day + "', which is not a weekday (MON, TUE, ...)"));
					days.add(match);
				}
			}
			from = time(window, "from", "00:00");
			to = time(window, "to", "23:59");
			if (!from.isBefore(to)) {
				throw window.error("to", "must be after 'from' (windows do not cross midnight)");
			}
			window.rejectUnknownKeys();
		}
		Schedule schedule = new Schedule(cron, zone, days, from, to, object.optionalInt("wave_cap", 0, 0),
				object.optionalText("bounces_imap", null), object.optionalDuration("bounces_every", java.time.Duration.ofMinutes(15)));
		object.rejectUnknownKeys();
		return schedule;
	}

	private static java.time.LocalTime time(YamlObject window, String key, String defaultValue) {
		String text = window.optionalText(key, defaultValue);
		try {
			return java.time.LocalTime.parse(text);
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw window.error(key, "is not a time of day such as 09:00: '" + text + "'");
		}
	}

	private static Delivery delivery(YamlObject object) {
		if (object == null) {
			return new Delivery("pickup", 20, 4, 1000, false, 0, 0, 1, 1000, Campaign.RetrySchedule.DEFAULT, Delivery.LOCAL_WORKERS);
		}
		for (String replaced : List.of("max_attempts", "initial_backoff_ms")) {
			if (object.has(replaced)) {
				throw object.error(replaced, "is no longer used: a notice refused with 4xx is retried on delivery.retry_schedule"
						+ " (default [1m, 5m, 15m, 30m, 1h, 2h, 4h]) for delivery.retry_for (default 24h); reaching the relay is"
						+ " retried connect_attempts times (default 4) from connect_backoff_ms (default 1000)");
			}
		}
		String transport = object.optionalText("transport", "pickup");
		if (!TRANSPORTS.contains(transport)) {
			throw object.error("transport", "must be 'pickup' or 'smtp', not '" + transport + "'");
		}
		Campaign.RetrySchedule defaults = Campaign.RetrySchedule.DEFAULT;
		Campaign.RetrySchedule retries = new Campaign.RetrySchedule(
				object.optionalDurationList("retry_schedule", defaults.delays()),
				object.optionalDuration("retry_for", defaults.retryFor()),
				object.optionalDuration("wait_for_retries", defaults.waitInRun()));
		Delivery delivery = new Delivery(transport, object.optionalInt("chunk_size", 20, 1),
				object.optionalInt("connect_attempts", 4, 1), object.optionalInt("connect_backoff_ms", 1000, 0),
				object.optionalBoolean("resend_unknown", false), object.optionalRate("max_per_second"),
				object.optionalInt("max_per_hour", 0, 0), object.optionalInt("connections", 1, 1),
				object.optionalInt("reconnect_after", 1000, 1), retries,
				object.optionalText("workers", Delivery.LOCAL_WORKERS));
		if (!Set.of(Delivery.LOCAL_WORKERS, Delivery.REMOTE_WORKERS).contains(delivery.workers())) {
			throw object.error("workers", "must be 'local' or 'remote', not '" + delivery.workers() + "'");
		}
		object.rejectUnknownKeys();
		return delivery;
	}

}
