package org.example.breachnotice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.notification.ExecutionHistory;
import org.example.breachnotice.notification.StatusSnapshots;
import org.example.breachnotice.notification.StatusText;

@Command(name = "status", mixinStandardHelpOptions = true,
		description = { "Lists incidents and their executions with counts; with an incident, its steps and last errors (addresses masked).",
				"While a run is in progress it owns the database: status then shows the snapshot that run refreshes every 3 s." })
class StatusCommand implements Callable<Integer> {

	@Parameters(index = "0", arity = "0..1", paramLabel = "INCIDENT")
	String incident;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		try {
			String text = spring.readExecutions(springArguments, (executions, workers) -> (incident == null
					? StatusText.of(executions.list()) : StatusText.of(incident, executions.describe(incident)))
					+ StatusText.workers(workers));
			System.out.print(text);
			return 0;
		}
		catch (StateFolder.StateFolderBusy running) {
			return printSnapshots(spring.home.toAbsolutePath().normalize());
		}
	}

	private int printSnapshots(Path home) throws Exception {
		Path folder = StatusSnapshots.folder(home);
		List<Path> files;
		try (Stream<Path> list = Files.exists(folder) ? Files.list(folder) : Stream.empty()) {
			files = list.filter(f -> incident == null || f.getFileName().toString().equals(incident + ".txt")).sorted().toList();
		}
		if (files.isEmpty()) {
			System.out.println("A run is in progress in " + home + " but has not written a status snapshot yet; try again in a few seconds.");
			return 0;
		}
		for (Path file : files) {
			long age = Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now()).toSeconds();
			System.out.printf("(a run is in progress: its snapshot from %d s ago)%n%s%n", age, Files.readString(file));
		}
		return 0;
	}

}
