package org.example.breachnotice.report;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile values that a spreadsheet would run as formulas, through every CSV file a run and a report write. */
class FormulaSafeCsvIntegrationTests {

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,"=HYPERLINK(""https://evil.example"",""open"")",Alpha,Ana,=ana@example.com,,,BR,,,,
			u2,+1+1,Beta,Bo,bo@example.com,,,BR,,,,
			u3,@SUM(A1),Gamma,Cy,cy@example.com,,,BR,,,,
			""";

	@TempDir
	Path temp;

	@Test
	void noCsvWeWriteHoldsACellThatStartsAFormula() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, null, 0.0);
		Path home = temp.resolve("home");

		Cli.Result dry = Cli.run("run", job.toString(), "--home", home.toString(), "--dry-run");
		assertThat(dry.exitCode()).as(dry.output()).isZero();
		assertThat(Files.readString(home.resolve("dry-run/out/mixpanel-2025-11/dry-run-counts.csv")))
			.contains("organization,\"'=HYPERLINK(", "organization,'+1+1,", "organization,'@SUM(A1),");

		Cli.Result run = Cli.run("run", job.toString(), "--home", home.toString(), "--transport=pickup");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(Cli.run("report", "mixpanel-2025-11", "--home", home.toString()).exitCode()).isZero();
		assertThat(Files.readString(home.resolve("out/mixpanel-2025-11/report.csv"))).contains("organization,'+1+1,",
				"organization,'@SUM(A1),", "organization,\"'=HYPERLINK(");
		Path export = temp.resolve("ledger.csv");
		assertThat(Cli.run("ledger", "export", "--output", export.toString(), "--home", home.toString()).exitCode()).isZero();
		assertThat(Files.readString(export)).contains(",'=ana@example.com,\"{\"\"fields\"\"")
			.doesNotContainPattern("(?m)(^|,)[=+@]");
	}

}
