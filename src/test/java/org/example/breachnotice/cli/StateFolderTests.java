package org.example.breachnotice.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

class StateFolderTests {

	@TempDir
	Path home;

	@Test
	void aSecondProcessOnTheSameStateFolderIsRefusedWithAClearMessage() throws Exception {
		try (StateFolder held = StateFolder.lock(home)) {
			Cli.Result second = Cli.run("run", TestJobs.SAMPLE_JOB.toString(), "--home", home.toString());

			assertThat(second.exitCode()).isEqualTo(BreachNoticeCommand.BUSY);
			assertThat(second.output()).contains("is in use by another breach-notice process", "pid ", "--home",
					"Nothing was done");
		}
		assertThat(Cli.run("ledger", "verify", "--home", home.toString()).exitCode()).isZero();
	}

}
