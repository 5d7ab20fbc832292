package org.example.breachnotice.render;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.example.breachnotice.campaign.Campaign.Contact;
import org.example.breachnotice.campaign.Campaign.Localized;
import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeType;

/**
 * The data a template sees: the campaign's facts in the notice's locale, dates already formatted
 * for it ("25 de novembro de 2025", "November 25, 2025"), and the recipient's fields as plain
 * strings, as far as they may be shown. Nothing else is reachable from a template.
 */
public final class NoticeModel {

	private NoticeModel() {
	}

	/** The model's keys that hold recipient data: a Subject is rendered without them. */
	static final Set<String> DATA_KEYS = Set.of("recipient", "organization", "organizations");

	/**
	 * The facts plus the recipient's data as {@link DisplayText} lets a notice show it: a name that
	 * holds a link, an address or a credential request is empty (the templates then greet neutrally),
	 * and so is an organization name; its id stands in for it when the id may be shown.
	 */
	public static Map<String, Object> of(Campaign campaign, Notice notice, List<String> organizationNames) {
		return of(facts(campaign, notice.locale()), notice, organizationNames);
	}

	/**
	 * The same, from the facts already made for the notice's locale: a sender makes them once per
	 * locale, not once per notice (formatting three dates per notice showed in the profile).
	 */
	public static Map<String, Object> of(Map<String, Object> facts, Notice notice, List<String> organizationNames) {
		Map<String, Object> model = new LinkedHashMap<>(facts);
		model.put("recipient", Map.of("name", DisplayText.forDisplay(notice.name()), "email", notice.email()));
		if (notice.type() == NoticeType.PERSON) {
			model.put("organizations",
					organizationNames.stream().map(DisplayText::forDisplay).filter(name -> !name.isEmpty()).toList());
		}
		else {
			String id = DisplayText.forDisplay(notice.organizationId());
			String name = DisplayText.forDisplay(notice.organizationName());
			model.put("organization", Map.of("id", id, "name", name.isEmpty() ? id : name, "affected_people",
					Integer.toString(notice.affectedPeople())));
		}
		return model;
	}

	/**
	 * The campaign's facts alone, in one locale: the model of the public (substitute) notice, which
	 * holds no personal data. A template that names a recipient does not render with it.
	 */
	public static Map<String, Object> facts(Campaign campaign, String locale) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("locale", locale);
		model.put("incident", Map.of("id", campaign.incidentId(), "summary", campaign.summary().in(locale),
				"unauthorized_access", date(campaign.unauthorizedAccess(), locale), "controller_learned",
				date(campaign.controllerLearned(), locale), "notice_date", date(campaign.noticeDate(), locale)));
		model.put("controller", contact(campaign.controller()));
		model.put("dpo", contact(campaign.dpo()));
		model.put("official_domain", campaign.officialDomain());
		model.put("data_involved", texts(campaign.dataInvolved(), locale));
		model.put("data_not_involved", texts(campaign.dataNotInvolved(), locale));
		model.put("security_measures", texts(campaign.securityMeasures(), locale));
		model.put("likely_consequences", texts(campaign.likelyConsequences(), locale));
		model.put("measures_taken", texts(campaign.measuresTaken(), locale));
		model.put("recipient_actions", texts(campaign.recipientActions(), locale));
		return model;
	}

	public static String date(LocalDate date, String locale) {
		return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag(locale)).format(date);
	}

	private static Map<String, String> contact(Contact contact) {
		return Map.of("name", contact.name(), "email", contact.email(), "phone", contact.phone(), "url", contact.url());
	}

	private static List<String> texts(List<Localized> items, String locale) {
		return items.stream().map(item -> item.in(locale)).toList();
	}

}
