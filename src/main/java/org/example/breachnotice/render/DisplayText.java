package org.example.breachnotice.render;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a notice may show of a data value (a person's or an organization's name, an organization
 * id). Recipients trust the notice, so a value that holds a link, an e-mail address or a request
 * for credentials is not shown at all (the notice then greets neutrally), and any other value is
 * cut to a length that no real name needs. The values come from the leaked platform's users: the
 * same rule keeps them out of the To header.
 */
public final class DisplayText {

	/** Longer values are cut to this many characters (code points), the last being an ellipsis. */
	public static final int MAX_LENGTH = 80;

	/** A request verb shortly before a credential word, in English or Portuguese: the anti-phishing lint's rule too. */
	public static final Pattern CREDENTIAL_REQUEST = Pattern.compile(
			"\\b(send|enter|provide|confirm|reply with|verify|share|update|reset|submit|give us|tell us|envie|informe|digite|"
					+ "confirme|forne[cç]a|compartilhe|atualize|redefina|responda com|nos passe)\\b(\\W+\\w+){0,5}?\\W+"
					+ "(password|passcode|api key|secret key|verification code|one-time code|security code|pin|token|"
					+ "senha|chave de api|chave da api|c[oó]digo de verifica[cç][aã]o|c[oó]digo de seguran[cç]a)",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>()\\[\\]\"',;:]+@[^\\s@<>()\\[\\]\"',;:]+\\.[\\p{L}\\p{N}-]{2,}");

	/**
	 * What a mail client turns into a link: a URL scheme, "www.", or a host name (letters after the
	 * last dot, as in evil.example or Booking.com, which is therefore not shown either).
	 */
	private static final Pattern LINK = Pattern.compile(
			"\\b[a-z][a-z0-9+.-]*://|\\b(mailto|javascript|data|tel|sms):|\\bwww\\.|"
					+ "\\b([\\p{L}\\p{N}]([\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?\\.)+\\p{L}{2,63}\\b",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	/** Dots that IDNA reads as the full stop of a host name (ideographic, fullwidth, halfwidth). */
	private static final Pattern OTHER_DOTS = Pattern.compile("[\\u3002\\uFF0E\\uFF61]");

	private DisplayText() {
	}

	/** Why the value may not be shown in a notice, or empty when it may. */
	public static Optional<String> whyWithheld(String value) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		// Fullwidth letters and other compatibility forms read (and link) like their plain forms.
		String plain = OTHER_DOTS.matcher(Normalizer.normalize(value, Normalizer.Form.NFKC)).replaceAll(".");
		if (ADDRESS.matcher(plain).find()) {
			return Optional.of("holds an e-mail address");
		}
		if (LINK.matcher(plain).find()) {
			return Optional.of("holds a link or a domain name");
		}
		if (CREDENTIAL_REQUEST.matcher(plain).find()) {
			return Optional.of("asks for a password, key or code");
		}
		return Optional.empty();
	}

	/** The value as a notice shows it: empty when withheld, else cut to {@link #MAX_LENGTH}. */
	public static String forDisplay(String value) {
		if (value == null || whyWithheld(value).isPresent()) {
			return "";
		}
		String clean = value.strip();
		if (clean.codePointCount(0, clean.length()) <= MAX_LENGTH) {
			return clean;
		}
		// Cut on a code point boundary: half a surrogate pair would be malformed UTF-8.
		return clean.substring(0, clean.offsetByCodePoints(0, MAX_LENGTH - 1)).strip() + "\u2026";
	}

}
