package org.example.breachnotice.dedupe;

import java.sql.SQLException;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.example.breachnotice.testsupport.Postgres;

/**
 * The dedupe's cases again on PostgreSQL, where each statement takes a whole range of partition keys
 * instead of one key, and the staged rows are indexed by e-mail within their key.
 */
@EnabledIfEnvironmentVariable(named = Postgres.URL_VARIABLE, matches = ".+")
@ActiveProfiles("postgresql")
class DedupeStepsPostgresIntegrationTests extends DedupeStepsIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry properties) throws SQLException {
		Postgres.freshDatabase().registerIn(properties);
	}

}
