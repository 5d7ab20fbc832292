package org.example.breachnotice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * A worker of remote partitioning: takes send partitions from the broker and runs them on the
 * shared PostgreSQL database with its own relay settings, until SIGTERM.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
		description = { "Runs send partitions of `run --workers remote` from the broker (--spring.artemis.broker-url) on the shared",
				"PostgreSQL database, over this machine's own relay (--spring.mail.*), until SIGTERM. A run's job file is read",
				"at the path `run` recorded, else from the JOB_FILEs given here with the same SHA-256. With --server.port=N it serves its own",
				"/actuator/health and /actuator/prometheus (its sends)." })
class WorkerCommand implements Callable<Integer> {

	@Parameters(arity = "0..*", paramLabel = "JOB_FILE",
			description = "Job files of the runs this worker serves, where they are not at the path the run recorded"
					+ " (another machine): matched by SHA-256.")
	List<Path> jobFiles = new ArrayList<>();

	@Option(names = "--partitions", defaultValue = "1", paramLabel = "N",
			description = "Partitions run at the same time, one SMTP connection each (default: ${DEFAULT-VALUE}).")
	int partitions;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		if (partitions < 1) {
			throw new IllegalArgumentException("--partitions must be at least 1");
		}
		List<String> arguments = new ArrayList<>(springArguments);
		arguments.add("--breach-notice.worker=true");
		arguments.add("--breach-notice.worker.partitions=" + partitions);
		if (!jobFiles.isEmpty()) {
			arguments.add("--breach-notice.worker.job-files=" + jobFiles.stream().map(file -> file.toAbsolutePath().toString())
				.collect(Collectors.joining(",")));
		}
		if (springArguments.stream().anyMatch(argument -> argument.startsWith("--server.port="))) {
			// Its own /actuator/prometheus: this worker's sends (on 127.0.0.1 unless --server.address says otherwise).
			arguments.add("--spring.main.web-application-type=servlet");
		}
		CountDownLatch stop = new CountDownLatch(1);
		GracefulStop graceful = new GracefulStop(stop::countDown);
		try (SpringOptions.Session session = spring.open(arguments)) {
			String database = session.context().getEnvironment().getProperty("breach-notice.database");
			if (!"postgresql".equals(database)) {
				throw new IllegalArgumentException("A worker shares the job repository, the outbox and the ledger with `run`: it"
						+ " needs PostgreSQL (--spring.profiles.active=postgresql and its spring.datasource settings), not the"
						+ " embedded database.");
			}
			System.out.printf("Worker ready: up to %d send partition(s) at a time from %s. SIGTERM stops it.%n", partitions,
					session.context().getEnvironment().getProperty("spring.artemis.broker-url"));
			stop.await();
			return 0;
		}
		finally {
			graceful.close();
		}
	}

}
