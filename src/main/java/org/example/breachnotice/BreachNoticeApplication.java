package org.example.breachnotice;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import org.example.breachnotice.cli.BreachNoticeCommand;
import org.example.breachnotice.ledger.RecipientHmac;
import org.example.breachnotice.ledger.SigningKey;

/**
 * breach-notice: notifies the people and organizations affected by a personal-data breach,
 * exactly once, with a hash-chained ledger as proof. The command line ({@link BreachNoticeCommand})
 * starts this Spring context only for the commands that need the state folder.
 */
@SpringBootApplication
public class BreachNoticeApplication {

	public static void main(String[] args) {
		// Without it Jakarta Mail 2.1 looks the provider up with a ServiceLoader scan several times
		// per message (about a quarter of the client's CPU when sending fast).
		if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
			System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
		}
		System.exit(BreachNoticeCommand.execute(args));
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	RecipientHmac recipientHmac(@Value("${breach-notice.home}") Path home) {
		return RecipientHmac.fromEnvironmentOrStateFolder(home);
	}

	@Bean
	SigningKey signingKey(@Value("${breach-notice.home}") Path home) {
		return SigningKey.fromEnvironmentOrStateFolder(home);
	}

}
