package org.example.breachnotice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** A symbolic link planted in the state folder redirects no output. */
class SymlinkIntegrationTests {

	@TempDir
	Path temp;

	@Test
	void neitherALinkedIncidentFolderNorALinkedReportFileIsWrittenThrough() throws Exception {
		Path home = temp.resolve("home");
		assertThat(Cli.run("run", TestJobs.SAMPLE_JOB.toString(), "--home", home.toString()).exitCode()).isZero();
		Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));

		Path victim = Files.writeString(elsewhere.resolve("bashrc"), "untouched\n");
		Path report = home.resolve("out/mixpanel-2025-11/report.html");
		Files.deleteIfExists(report);
		Files.createSymbolicLink(report, victim);
		Cli.Result linkedFile = Cli.run("report", "mixpanel-2025-11", "--home", home.toString());
		assertThat(linkedFile.exitCode()).isEqualTo(2);
		assertThat(linkedFile.output()).contains("report.html is a symbolic link: outputs are never written through one");
		assertThat(Files.readString(victim)).isEqualTo("untouched\n");

		Path folder = home.resolve("out/mixpanel-2025-11");
		Files.move(folder, temp.resolve("moved"));
		Files.createSymbolicLink(folder, elsewhere);
		Cli.Result linkedFolder = Cli.run("report", "mixpanel-2025-11", "--home", home.toString());
		assertThat(linkedFolder.exitCode()).isEqualTo(2);
		assertThat(linkedFolder.output()).contains("mixpanel-2025-11 is a symbolic link");
		try (var files = Files.list(elsewhere)) {
			assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bashrc");
		}
	}

	@Test
	void linkedStatusControlAndJournalFoldersAreRefusedAndTheirTargetIsNeitherWrittenNorChmodded() throws Exception {
		Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
		Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path home = Files.createDirectories(temp.resolve("home"));
		Path incident = Files.createDirectories(home.resolve("out/mixpanel-2025-11"));

		for (Path link : List.of(home.resolve("status"), home.resolve("control"), incident.resolve("journal"))) {
			Files.createSymbolicLink(link, elsewhere);
			Cli.Result run = Cli.run("run", TestJobs.SAMPLE_JOB.toString(), "--home", home.toString());
			assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
			assertThat(run.output()).contains(link.getFileName() + " is a symbolic link: outputs are never written through one");
			Files.delete(link);
		}

		try (var files = Files.list(elsewhere)) {
			assertThat(files).isEmpty();
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere))).isEqualTo("rwxr-xr-x");
		assertThat(Cli.run("run", TestJobs.SAMPLE_JOB.toString(), "--home", home.toString()).exitCode()).isZero();
	}

}
