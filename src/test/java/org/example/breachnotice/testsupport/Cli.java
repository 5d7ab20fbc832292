package org.example.breachnotice.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.example.breachnotice.cli.BreachNoticeCommand;

/** Runs the real command line in this JVM and captures what it prints. */
public final class Cli {

	private Cli() {
	}

	public record Result(int exitCode, String output) {
	}

	public static synchronized Result run(String... args) {
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
		System.setOut(capture);
		System.setErr(capture);
		try {
			int code = BreachNoticeCommand.execute(args);
			return new Result(code, buffer.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(out);
			System.setErr(err);
			out.print(buffer.toString(StandardCharsets.UTF_8));
		}
	}

	/** The four-eyes approval a live send needs, by {@code test-approver}; Spring arguments select the database. */
	public static Result approve(Path job, Path home, String... springArguments) {
		// The test datasets hold recipients in US-MA and US-NY, which the sample templates do not cover.
		List<String> args = new ArrayList<>(List.of("approve", job.toString(), "--key", TestKeys.approverKey().toString(), "--home",
				home.toString(), "--override", "UNCOVERED-JURISDICTION=test data only"));
		args.addAll(List.of(springArguments));
		return run(args.toArray(String[]::new));
	}

	/**
	 * A live send as {@code test-operator}, after {@link #approve}:
	 * {@code run JOB --home HOME --transport=smtp --spring.mail.host=127.0.0.1 --spring.mail.port=PORT extra...}
	 */
	public static Result runSmtp(Path job, Path home, int port, String... extra) {
		Result approval = approve(job, home,
				List.of(extra).stream().filter(arg -> arg.startsWith("--spring.")).toArray(String[]::new));
		if (approval.exitCode() != 0) {
			return approval;
		}
		List<String> args = new ArrayList<>(List.of("run", job.toString(), "--home", home.toString(), "--transport=smtp",
				"--operator=test-operator", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + port));
		args.addAll(List.of(extra));
		return run(args.toArray(String[]::new));
	}

	/** The report of the sample incident finds the notice table and the ledger in agreement (no false alarm). */
	public static void assertTableAgreesWithLedger(Path home) throws java.io.IOException {
		Result report = run("report", "mixpanel-2025-11", "--home", home.toString());
		org.assertj.core.api.Assertions.assertThat(report.exitCode()).as(report.output()).isZero();
		org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.readString(home.resolve("out/mixpanel-2025-11/report.csv")))
			.contains("ledger,notices_differing_from_table,,0");
	}

}
