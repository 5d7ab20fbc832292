package org.example.breachnotice.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** The undeliverable population per jurisdiction, and the public notice for it, without personal data. */
class SubstituteNoticeIntegrationTests {

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-a,Alpha,Rejected Ana,reject.ana@example.com,,,BR,,,,
			u2,org-a,Alpha,Fine,fine@example.com,São Paulo,SP,BR,,,,
			u3,org-b,Beta,Busy Cali,busy.cali@example.com,Los Angeles,CA,US,,,,
			u4,org-b,Beta,Rejected Dora,reject.dora@example.com,,,DE,,,,
			""";

	@TempDir
	Path temp;

	@Test
	void theReportAndTheCommandNameWhoCouldNotBeReachedAndWhatEachLawAsksAndThePublicNoticeHoldsNoPersonalData()
			throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, null, 0.0);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			assertThat(Cli.runSmtp(job, home, smtp.port()).exitCode()).isZero();
		}

		Cli.Result result = Cli.run("substitute-notice", "mixpanel-2025-11", "--home", home.toString());

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("BR: 1 person notice(s) undeliverable", "at least three months", "RCIS) Art. 9 §3",
				"EU: 1 person notice(s) undeliverable", "GDPR Art. 34(3)(c)", "US-CA: 1 person notice(s) undeliverable",
				"statewide media");
		Path folder = home.resolve("out/mixpanel-2025-11/substitute-notice");
		List<Path> files = List.of(folder.resolve("substitute.en.html"), folder.resolve("substitute.en.txt"),
				folder.resolve("substitute.pt-BR.html"), folder.resolve("substitute.pt-BR.txt"));
		for (Path file : files) {
			assertThat(Files.readString(file)).as(file.toString()).contains("privacy@example.com")
				.doesNotContain("reject.ana", "busy.cali", "reject.dora", "fine@example.com", "Rejected Ana", "Busy Cali",
						"Rejected Dora");
		}
		assertThat(Files.readString(folder.resolve("substitute.pt-BR.txt"))).contains("Aos usuários da nossa plataforma de API");

		assertThat(Cli.run("report", "mixpanel-2025-11", "--home", home.toString()).exitCode()).isZero();
		String report = Files.readString(home.resolve("out/mixpanel-2025-11/report.html"));
		assertThat(report).contains("Substitute notice: who direct notice could not reach", "<td>BR</td><td class=\"num\">1</td>",
				"Cal. Civ. Code 1798.82(j)(3)");
		assertThat(Files.readString(home.resolve("out/mixpanel-2025-11/report.csv"))).contains("substitute_notice,BR,undeliverable,1");
	}

}
