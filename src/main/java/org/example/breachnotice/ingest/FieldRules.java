package org.example.breachnotice.ingest;

import java.net.IDN;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalization and validation of one field at a time. Each check either returns the clean
 * value or throws {@link InvalidField} with a reason that never repeats the (personal) value.
 */
final class FieldRules {

	/** Countries whose notices go out in Portuguese when the row gives no explicit locale. */
	static final Set<String> PORTUGUESE_SPEAKING = Set.of("BR", "PT", "AO", "MZ", "CV", "GW", "ST", "TL");

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

	private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}");

	private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");

	private FieldRules() {
	}

	static String text(String field, String raw, int maxLength) {
		String clean = withoutControls(raw).strip();
		if (clean.length() > maxLength) {
			throw new InvalidField(field, "longer than " + maxLength + " characters");
		}
		return clean;
	}

	/**
	 * Line breaks and other controls become spaces: they would let a data value fake lines of the
	 * text part. Bidi overrides, which can make a name read as something else, are dropped. One pass
	 * that copies only a value that has either (two regular expressions per field were a sixth of
	 * the ingest's CPU).
	 */
	private static String withoutControls(String raw) {
		StringBuilder clean = null;
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			boolean control = Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029';
			boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
			if ((control || bidi) && clean == null) {
				clean = new StringBuilder(raw.length()).append(raw, 0, i);
			}
			if (clean != null && !bidi) {
				clean.append(control ? ' ' : c);
			}
		}
		return clean == null ? raw : clean.toString();
	}

	static String required(String field, String raw, int maxLength) {
		String clean = text(field, raw, maxLength);
		if (clean.isEmpty()) {
			throw new InvalidField(field, "empty");
		}
		return clean;
	}

	static EmailAddress email(String field, String raw) {
		String value = raw.strip();
		if (value.isEmpty()) {
			throw new InvalidField(field, "empty");
		}
		int at = value.lastIndexOf('@');
		if (at < 1 || at == value.length() - 1) {
			throw new InvalidField(field, "not an e-mail address (no local part or domain)");
		}
		String local = value.substring(0, at);
		String domain;
		try {
			domain = IDN.toASCII(value.substring(at + 1), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidField(field, "the domain is not a valid internationalized domain name");
		}
		if (!local.chars().allMatch(c -> c < 128)) {
			throw new InvalidField(field, "non-ASCII local part (needs SMTPUTF8, which this job does not use)");
		}
		if (local.length() > 64 || !LOCAL_PART.matcher(local).matches()) {
			throw new InvalidField(field, "the part before @ is not a valid address");
		}
		if (domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
			throw new InvalidField(field, "the domain is not valid");
		}
		return new EmailAddress(local + "@" + domain, local.toLowerCase(Locale.ROOT) + "@" + domain);
	}

	static String country(String field, String raw) {
		String code = raw.strip().toUpperCase(Locale.ROOT);
		if (!code.isEmpty() && !COUNTRIES.contains(code)) {
			throw new InvalidField(field, "not an ISO 3166-1 alpha-2 country code");
		}
		return code;
	}

	/**
	 * The explicit locale of a row: a supported one ({@code pt-BR}, {@code en}), or null when the
	 * row gives none or a language we have no templates for (the country then decides).
	 */
	static String explicitLocale(String field, String raw) {
		String tag = raw.strip();
		if (tag.isEmpty()) {
			return null;
		}
		if (!LANGUAGE_TAG.matcher(tag).matches()) {
			throw new InvalidField(field, "not a language tag such as pt-BR or en");
		}
		return switch (tag.substring(0, Math.min(tag.length(), 3)).toLowerCase(Locale.ROOT).replaceAll("[-_].*", "")) {
			case "pt" -> "pt-BR";
			case "en" -> "en";
			default -> null;
		};
	}

	static String localeFor(String explicit, String country) {
		if (explicit != null) {
			return explicit;
		}
		return country != null && PORTUGUESE_SPEAKING.contains(country) ? "pt-BR" : "en";
	}

	record EmailAddress(String address, String key) {
	}

	static final class InvalidField extends RuntimeException {

		final String field;

		InvalidField(String field, String reason) {
			super(reason, null, false, false);
			this.field = field;
		}

	}

}
