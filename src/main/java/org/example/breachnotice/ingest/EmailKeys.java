package org.example.breachnotice.ingest;

/** The dedupe key of an address, exactly as ingest computes it; for look-ups such as {@code ledger find}. */
public final class EmailKeys {

	private EmailKeys() {
	}

	public static String of(String email) {
		try {
			return FieldRules.email("email", email).key();
		}
		catch (FieldRules.InvalidField ex) {
			throw new IllegalArgumentException("'" + email + "' is not a usable e-mail address: " + ex.getMessage());
		}
	}

}
