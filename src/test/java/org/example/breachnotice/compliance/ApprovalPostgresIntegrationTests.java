package org.example.breachnotice.compliance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.ledger.Hashes;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.Forgery;
import org.example.breachnotice.testsupport.Postgres;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval attacks again, with PostgreSQL as the database. */
@EnabledIfEnvironmentVariable(named = Postgres.URL_VARIABLE, matches = ".+")
class ApprovalPostgresIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@TempDir
	Path temp;

	@Test
	void aRowAddedToTheRecipientListVoidsTheApprovalAndAForgedApprovalForItIsRefused() throws Exception {
		Postgres postgres = Postgres.freshDatabase();
		Path job = TestJobs.generated(temp.resolve("job"), 20, 5);
		Path home = temp.resolve("home");
		assertThat(Cli.approve(job, home, postgres.springArguments()).exitCode()).isZero();
		Path people = job.resolveSibling("people.csv");
		String before = Hashes.sha256(people);
		String rows = Files.readString(people);
		Files.writeString(people, rows + rows.lines().skip(1).findFirst().orElseThrow().replaceFirst("^[^,]*", "u-added") + "\n");

		Cli.Result stale = live(job, home, postgres);
		assertThat(stale.exitCode()).isEqualTo(6);
		assertThat(stale.output()).contains("is void: input people.csv (changed)");

		long forged;
		try (Connection db = postgres.connect()) {
			forged = Forgery.appendApproval(db, before, Hashes.sha256(people));
		}
		Cli.Result refused = live(job, home, postgres);
		assertThat(refused.exitCode()).isEqualTo(6);
		assertThat(refused.output()).contains("The approval in ledger entry " + forged + " does not verify");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	private Cli.Result live(Path job, Path home, Postgres postgres) {
		List<String> args = new ArrayList<>(List.of("run", job.toString(), "--home", home.toString(), "--transport=smtp",
				"--operator=bob", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + greenMail.getSmtp().getPort()));
		args.addAll(List.of(postgres.springArguments()));
		return Cli.run(args.toArray(String[]::new));
	}

}
