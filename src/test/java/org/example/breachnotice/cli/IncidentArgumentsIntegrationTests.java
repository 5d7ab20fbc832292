package org.example.breachnotice.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;

import static org.assertj.core.api.Assertions.assertThat;

/** An incident argument never becomes a path outside the state folder: it is checked like an incident id. */
class IncidentArgumentsIntegrationTests {

	@TempDir
	Path temp;

	@Test
	void aPathGivenAsIncidentIsRefusedBeforeAnyFileIsWritten() throws Exception {
		Path home = temp.resolve("state/home");
		Files.createDirectories(home);
		for (String[] command : new String[][] { { "stop", "x/../../../escaped" }, { "report", "../../escaped" },
				{ "erase", "../../escaped", "--confirm" }, { "substitute-notice", "../escaped" } }) {
			String[] args = new String[command.length + 2];
			System.arraycopy(command, 0, args, 0, command.length);
			args[command.length] = "--home";
			args[command.length + 1] = home.toString();

			Cli.Result result = Cli.run(args);

			assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.output()).isEqualTo(2);
			assertThat(result.output()).containsAnyOf("is not an incident id", "is neither a job file nor an incident id");
		}
		try (var files = Files.walk(temp)) {
			assertThat(files.map(Path::toString)).noneMatch(path -> path.contains("escaped"));
		}
	}

}
