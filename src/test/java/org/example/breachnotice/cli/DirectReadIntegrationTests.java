package org.example.breachnotice.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.notification.ExecutionHistory;
import org.example.breachnotice.notification.ExecutionHistory.IncidentExecutions;
import org.example.breachnotice.notification.ExecutionHistory.IncidentStatus;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code status} reads the embedded database without Spring when the defaults apply: it must read
 * exactly what the read-only Spring context reads, step counts and execution contexts included,
 * and leave the database as it was.
 */
class DirectReadIntegrationTests {

	@TempDir
	Path temp;

	@Test
	void theDirectReadAnswersAsTheReadOnlyContextDoesAndLeavesTheDatabaseUsable() throws Exception {
		assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("SPRING_")),
				"a SPRING_* variable in this environment sends status through Spring");
		Path home = temp.resolve("home").toAbsolutePath();
		assertThat(Cli.run("run", TestJobs.SAMPLE_JOB.toString(), "--home", home.toString()).exitCode()).isZero();

		List<IncidentExecutions> incidents;
		Optional<IncidentStatus> incident;
		try (StateFolder lock = StateFolder.lock(home); DirectRead read = DirectRead.open(home, List.of()).orElseThrow()) {
			incidents = read.history().list();
			incident = read.history().describe("mixpanel-2025-11");
		}

		SpringOptions options = new SpringOptions();
		options.home = home;
		try (SpringOptions.Session session = options.openReadOnly(List.of())) {
			ExecutionHistory spring = session.bean(ExecutionHistory.class);
			assertThat(incidents).isNotEmpty().isEqualTo(spring.list());
			assertThat(incident).isPresent().isEqualTo(spring.describe("mixpanel-2025-11"));
		}
		assertThat(incidents.get(0).executions().get(0).rejected()).as("read from the reject gate's execution context")
			.isPositive();
		try (StateFolder lock = StateFolder.lock(home)) {
			assertThat(DirectRead.open(home, List.of("--spring.profiles.active=postgresql")))
				.as("with any Spring argument Spring decides where the database is").isEmpty();
		}
		Cli.Result again = Cli.run("run", TestJobs.SAMPLE_JOB.toString(), "--home", home.toString());
		assertThat(again.exitCode()).isZero();
		assertThat(again.output()).contains("already completed: nothing is sent again", "verified");
	}

}
