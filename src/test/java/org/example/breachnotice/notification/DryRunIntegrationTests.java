package org.example.breachnotice.notification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

class DryRunIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@TempDir
	Path temp;

	static final String COUNTS = """
			SELECT n.notice_type, n.locale, j.jurisdiction, COUNT(*) AS n FROM notice n
			LEFT JOIN notice_jurisdiction j ON j.notice_id = n.id
			GROUP BY n.notice_type, n.locale, j.jurisdiction ORDER BY 1, 2, 3""";

	@Test
	void aDryRunOfTheSampleSendsNothingAndCountsWhatTheLiveRunSends() throws Exception {
		Path job = TestJobs.sampleVariant(temp.resolve("job"), Map.of());
		Path home = temp.resolve("home");
		String port = "--spring.mail.port=" + greenMail.getSmtp().getPort();

		Cli.Result dry = Cli.run("run", job.toString(), "--home", home.toString(), "--dry-run", "--spring.mail.host=127.0.0.1", port);

		assertThat(dry.exitCode()).as(dry.output()).isZero();
		assertThat(dry.output()).contains("Dry run: nothing was sent. 239 notice(s) would go out", "person.pt-BR", "person.US-CA");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
		Path out = home.resolve("dry-run/out/mixpanel-2025-11");
		assertThat(out.resolve("samples")).isDirectoryContaining("glob:**/person.pt-BR.eml").isDirectoryContaining("glob:**/organization.en.eml");
		assertThat(Files.readString(out.resolve("preview/person.en.html"))).contains("<html lang=\"en\">", "What Happened");
		List<String> counts = Files.readAllLines(out.resolve("dry-run-counts.csv"));
		assertThat(counts).contains("type.locale,person.en,154", "type.locale,person.pt-BR,68");
		assertThat(counts).anyMatch(line -> line.startsWith("organization,org-"));
		assertThat(home.resolve("db")).as("the live state is untouched").doesNotExist();

		assertThat(Cli.approve(job, home).exitCode()).isZero();
		Cli.Result live = Cli.run("run", job.toString(), "--home", home.toString(), "--transport=smtp", "--operator=bob",
				"--spring.mail.host=127.0.0.1", port);

		assertThat(live.exitCode()).as(live.output()).isZero();
		assertThat(greenMail.getReceivedMessages()).hasSize(239);
		assertThat(StateDb.query(home, COUNTS)).isEqualTo(StateDb.query(home.resolve("dry-run"), COUNTS));
	}

}
