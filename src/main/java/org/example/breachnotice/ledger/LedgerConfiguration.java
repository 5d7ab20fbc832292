package org.example.breachnotice.ledger;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger's keys, from the environment or the state folder, and the clock that time-stamps its
 * entries and the outbox's changes (tests give a faster one).
 */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {

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
