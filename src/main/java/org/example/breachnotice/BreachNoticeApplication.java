package org.example.breachnotice;

import org.example.breachnotice.cli.BreachNoticeCommand;

/**
 * breach-notice: notifies the people and organizations affected by a personal-data breach,
 * exactly once, with a hash-chained ledger as proof. The entry point: the command line
 * ({@link BreachNoticeCommand}) starts the Spring context that each command needs.
 */
public final class BreachNoticeApplication {

	private BreachNoticeApplication() {
	}

	public static void main(String[] args) {
		// Without it Jakarta Mail 2.1 looks the provider up with a ServiceLoader scan several times
		// per message (about a quarter of the client's CPU when sending fast).
		if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
			System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
		}
		System.exit(BreachNoticeCommand.execute(args));
	}

}
