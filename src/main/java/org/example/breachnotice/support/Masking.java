package org.example.breachnotice.support;

import java.util.regex.Pattern;

/** Keeps personal data out of logs: enough to recognize an address, not to use it. */
public final class Masking {

	private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"',;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+");

	private Masking() {
	}

	/** {@code ana.silva@example.com} -> {@code a***@e***.com}. */
	public static String email(String email) {
		if (email == null) {
			return "";
		}
		int at = email.lastIndexOf('@');
		if (at < 1) {
			return "***";
		}
		String domain = email.substring(at + 1);
		int dot = domain.lastIndexOf('.');
		String tld = dot < 0 ? "" : domain.substring(dot);
		return email.charAt(0) + "***@" + (domain.isEmpty() ? "" : domain.charAt(0) + "***" + tld);
	}

	/**
	 * Replaces every e-mail address in a text (an SMTP reply often echoes the recipient) with
	 * {@code [address]}: for logs and for the hashed ledger payload, which must hold no address.
	 */
	public static String redactAddresses(String text) {
		return text == null ? null : ADDRESS.matcher(text).replaceAll("[address]");
	}

	/** Masks every e-mail address in a text as {@link #email} does; masked ones stay as they are. */
	public static String maskAddresses(String text) {
		return text == null ? null : ADDRESS.matcher(text).replaceAll(match -> java.util.regex.Matcher.quoteReplacement(email(match.group())));
	}

}
