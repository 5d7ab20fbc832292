package org.example.breachnotice.notification;

/**
 * What the operator chose on the command line for one run. {@code operator} is who launches, for
 * the four-eyes check and the ledger: the name given, else the operating-system user.
 */
public record RunOptions(String transport, boolean resendUnknown, String operator, Wave wave) {

	public RunOptions {
		operator = operator == null || operator.isBlank() ? System.getProperty("user.name") : operator.strip();
	}

	public RunOptions(String transport, boolean resendUnknown, String operator) {
		this(transport, resendUnknown, operator, null);
	}

	/** A scheduled wave: at most {@code cap} notices (0: no cap), none once {@code windowEnd} passed on the clock. */
	public record Wave(int cap, java.time.Instant windowEnd) {
	}

	/** The approval override that accepts person notices in jurisdictions the templates were not checked for. */
	public static final String UNCOVERED_JURISDICTION = "UNCOVERED-JURISDICTION";

	public boolean dryRun() {
		return "dry-run".equals(transport);
	}

	/** Only SMTP reaches people: it needs preflight and approval. */
	public boolean live() {
		return "smtp".equals(transport);
	}

}
