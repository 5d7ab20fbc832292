package org.example.breachnotice.delivery;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials never cross the network in clear. With a username set, STARTTLS is required
 * (Jakarta Mail's own {@code starttls.required}, so a relay that does not offer it, or a
 * downgrade that strips it, fails the connection before AUTH), unless the connection is TLS from
 * the start ({@code mail.smtp.ssl.enable}) or the operator opted out with
 * {@value #OPT_OUT}=true for a relay on a trusted network, which is logged as a warning.
 */
final class SmtpSecurity {

	static final String OPT_OUT = "breach-notice.allow-cleartext-auth";

	private static final Logger log = LoggerFactory.getLogger(SmtpSecurity.class);

	private SmtpSecurity() {
	}

	static Properties apply(Properties given, String username, boolean cleartextAllowed) {
		Properties properties = new Properties();
		properties.putAll(given);
		boolean credentials = username != null && !username.isBlank();
		boolean smtps = Boolean.parseBoolean(properties.getProperty("mail.smtp.ssl.enable"));
		if (!credentials || smtps) {
			return properties;
		}
		if (cleartextAllowed) {
			log.warn("{}=true: the SMTP password may cross the network in clear if the relay offers no STARTTLS."
					+ " Use it only for a relay on a trusted network.", OPT_OUT);
			return properties;
		}
		properties.setProperty("mail.smtp.starttls.enable", "true");
		properties.setProperty("mail.smtp.starttls.required", "true");
		return properties;
	}

	/** Whether a connection failed because STARTTLS was required and the relay does not offer it. */
	static boolean startTlsMissing(Exception failure) {
		return failure.getMessage() != null && failure.getMessage().contains("STARTTLS is required");
	}

}
