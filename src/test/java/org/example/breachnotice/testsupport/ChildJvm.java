package org.example.breachnotice.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.example.breachnotice.BreachNoticeApplication;

import static org.assertj.core.api.Assertions.assertThat;

/** The real command line in a child JVM (same java, same class path), for kill -9 and SIGTERM tests. */
public final class ChildJvm {

	private ChildJvm() {
	}

	public static Process start(Path log, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), BreachNoticeApplication.class.getName()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** {@code run JOB} as a live send by test-operator to the given port (approve first). */
	public static Process runSmtp(Path log, Path job, Path home, int port, String... extra) throws Exception {
		List<String> args = new ArrayList<>(List.of("run", job.toString(), "--home", home.toString(), "--transport=smtp",
				"--operator=test-operator", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + port));
		args.addAll(List.of(extra));
		return start(log, args.toArray(String[]::new));
	}

	/** Waits until the condition holds while the child is alive. */
	public static void awaitWhileAlive(Process child, Path log, BooleanSupplier condition) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		while (!condition.getAsBoolean()) {
			assertThat(child.isAlive()).as("child ended too early: " + Files.readString(log)).isTrue();
			assertThat(Instant.now()).as("child too slow").isBefore(deadline);
			Thread.sleep(5);
		}
	}

}
