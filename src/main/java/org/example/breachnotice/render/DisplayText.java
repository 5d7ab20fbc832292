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

	private static final Pattern SCHEME = Pattern.compile("\\b(mailto|javascript|data|tel|sms):", Pattern.CASE_INSENSITIVE);

	/** Every credential word of {@link #CREDENTIAL_REQUEST} holds one of these (case-folded). */
	private static final String[] CREDENTIAL_STEMS = { "pass", "key", "code", "pin", "token", "senha", "chave", "digo" };

	private DisplayText() {
	}

	/**
	 * Why the value may not be shown in a notice, or empty when it may. It runs for every notice:
	 * the cheap tests decide for most names, the patterns only run where they could match.
	 */
	public static Optional<String> whyWithheld(String value) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		// Fullwidth letters and other compatibility forms read (and link) like their plain forms.
		String plain = (Normalizer.isNormalized(value, Normalizer.Form.NFKC) ? value : Normalizer.normalize(value, Normalizer.Form.NFKC))
			// Dots that IDNA reads as the full stop of a host name: ideographic, fullwidth, halfwidth.
			.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
		if (plain.indexOf('@') >= 0 && ADDRESS.matcher(plain).find()) {
			return Optional.of("holds an e-mail address");
		}
		if (holdsLink(plain)) {
			return Optional.of("holds a link or a domain name");
		}
		if (mayAskForCredentials(plain) && CREDENTIAL_REQUEST.matcher(plain).find()) {
			return Optional.of("asks for a password, key or code");
		}
		return Optional.empty();
	}

	/**
	 * What a mail client turns into a link: a URL ("://", mailto:, javascript:...), or a host name:
	 * a letter or digit, a dot, two letters (evil.example, www.evil.example, and so Booking.com).
	 */
	private static boolean holdsLink(String text) {
		if (text.contains("://") || text.indexOf(':') >= 0 && SCHEME.matcher(text).find()) {
			return true;
		}
		for (int dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', dot + 1)) {
			if (dot > 0 && Character.isLetterOrDigit(text.codePointBefore(dot)) && dot + 1 < text.length()) {
				int first = text.codePointAt(dot + 1);
				int next = dot + 1 + Character.charCount(first);
				if (Character.isLetter(first) && next < text.length() && Character.isLetter(text.codePointAt(next))) {
					return true;
				}
			}
		}
		return false;
	}

	/** Case-folded as the pattern's UNICODE_CASE compares (upper, then lower), so that no spelling slips past. */
	private static boolean mayAskForCredentials(String text) {
		StringBuilder folded = new StringBuilder(text.length());
		text.codePoints().forEach(c -> folded.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
		String lower = folded.toString();
		for (String stem : CREDENTIAL_STEMS) {
			if (lower.contains(stem)) {
				return true;
			}
		}
		return false;
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
