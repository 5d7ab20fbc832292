package org.example.breachnotice.compliance;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The jurisdiction whose notice rules apply to a recipient, from the country and region of the
 * data: {@code BR}; {@code EU} for the EU and EEA member states (GDPR); {@code US-<state>} for
 * the United States; otherwise the country code itself, for which no rules may exist.
 */
public final class Jurisdictions {

	private static final Set<String> GDPR_COUNTRIES = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR",
			"DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS",
			"LI", "NO");

	private static final Map<String, String> US_STATE_NAMES = Map.of("CALIFORNIA", "CA", "MASSACHUSETTS", "MA",
			"NEW YORK", "NY");

	private Jurisdictions() {
	}

	/** @return the jurisdiction code, or an empty string when the country is unknown */
	public static String of(String country, String region) {
		String code = country == null ? "" : country.strip().toUpperCase(Locale.ROOT);
		if (GDPR_COUNTRIES.contains(code)) {
			return "EU";
		}
		if (code.equals("US")) {
			String state = region == null ? "" : region.strip().toUpperCase(Locale.ROOT);
			state = US_STATE_NAMES.getOrDefault(state, state);
			return state.matches("[A-Z]{2}") ? "US-" + state : "US";
		}
		return code;
	}

}
