package org.example.breachnotice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** After a run, nobody but the owner can read anything in the state folder, whatever the umask. */
class PrivateStateFolderIntegrationTests {

	static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
			PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
			PosixFilePermission.OTHERS_EXECUTE);

	@TempDir
	Path temp;

	@Test
	void theStateFolderAndWhatLiesInItAreOwnerOnly() throws Exception {
		Path home = temp.resolve("home");
		Files.createDirectories(home);
		Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

		Cli.Result run = Cli.run("run", TestJobs.SAMPLE_JOB.toString(), "--home", home.toString());
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(Cli.run("status", "--home", home.toString()).exitCode()).isZero();

		assertThat(Files.getPosixFilePermissions(home)).doesNotContainAnyElementsOf(OTHERS);
		try (Stream<Path> children = Files.list(home)) {
			assertThat(children.toList()).isNotEmpty().allSatisfy(child -> assertThat(Files.getPosixFilePermissions(child))
				.as(child.toString()).doesNotContainAnyElementsOf(OTHERS));
		}
		assertThat(home.resolve("out/mixpanel-2025-11/outbox")).as("personal data, deeper down").isDirectory();
	}

}
