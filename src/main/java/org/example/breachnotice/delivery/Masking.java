package org.example.breachnotice.delivery;

/** Keeps personal data out of logs: enough to recognize an address, not to use it. */
public final class Masking {

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

}
