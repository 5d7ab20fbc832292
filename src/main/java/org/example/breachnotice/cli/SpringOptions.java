package org.example.breachnotice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Option;

import org.example.breachnotice.delivery.WorkerHeartbeats;
import org.example.breachnotice.notification.ExecutionHistory;

/**
 * Options shared by the commands that open the state folder: {@code --home}. Each command also
 * collects the standard Spring Boot arguments ({@code --spring.mail.host=...}, picocli's
 * unmatched arguments) and passes them to Spring unchanged.
 */
class SpringOptions {

	@Option(names = "--home", defaultValue = "var", paramLabel = "FOLDER",
			description = "State folder: database, outputs, ledger key (default: ${DEFAULT-VALUE}).")
	Path home;

	/** Locks the state folder, then starts Spring on it. Close the returned session when done. */
	Session open(List<String> springArguments) throws Exception {
		return open(springArguments, false, FullApplication.class);
	}

	/**
	 * As {@link #open(List)}, for a command that only reads: the smaller {@link ReadOnlyApplication}
	 * context, without schema initialization. A state folder whose embedded database does not exist
	 * yet gets the full context, which creates the schema (then the command finds nothing).
	 */
	Session openReadOnly(List<String> springArguments) throws Exception {
		boolean embeddedWithoutSchema = springArguments.stream().noneMatch(argument -> argument.startsWith("--spring.profiles.active="))
				&& System.getenv("SPRING_PROFILES_ACTIVE") == null && !Files.isDirectory(home.toAbsolutePath().normalize().resolve("db"));
		if (embeddedWithoutSchema) {
			return open(springArguments);
		}
		List<String> arguments = new ArrayList<>(springArguments);
		arguments.add("--spring.batch.jdbc.initialize-schema=never");
		// Every bean on first use, @Bean methods of the scanned configurations (jobs, steps) included.
		arguments.add("--spring.main.lazy-initialization=true");
		return open(arguments, false, ReadOnlyApplication.class);
	}

	/**
	 * For {@code status}: the executions read without Spring when {@link DirectRead} can (the
	 * embedded database on its defaults), else through the read-only context.
	 */
	<T> T readExecutions(List<String> springArguments, BiFunction<ExecutionHistory, List<WorkerHeartbeats.Worker>, T> read)
			throws Exception {
		Path folder = home.toAbsolutePath().normalize();
		if (Files.isDirectory(folder.resolve("db"))) {
			try (StateFolder lock = StateFolder.lock(folder)) {
				Optional<DirectRead> direct = DirectRead.open(folder, springArguments);
				if (direct.isPresent()) {
					try (DirectRead database = direct.get()) {
						return read.apply(database.history(), List.of());
					}
				}
			}
		}
		try (Session session = openReadOnly(springArguments)) {
			return read.apply(session.bean(ExecutionHistory.class), session.bean(WorkerHeartbeats.class).workers());
		}
	}

	/** A dry run's database: always the embedded one, in its own folder. */
	private static final List<String> EMBEDDED_DATABASE = List.of("--breach-notice.database=hsqldb",
			"--spring.datasource.url=${breach-notice.embedded-url}", "--spring.datasource.username=SA",
			"--spring.datasource.password=", "--spring.datasource.driver-class-name=org.hsqldb.jdbc.JDBCDriver");

	/**
	 * As {@link #open(List)}; with {@code fresh}, for a dry run, whose state is thrown away every
	 * time: the folder's database and outputs are deleted first (under the lock), and the database
	 * is the embedded one whatever the profile says, so that a rehearsal never writes notices,
	 * executions or ledger entries into the production database.
	 */
	Session open(List<String> springArguments, boolean fresh) throws Exception {
		return open(springArguments, fresh, FullApplication.class);
	}

	private Session open(List<String> springArguments, boolean fresh, Class<?> application) throws Exception {
		for (String argument : springArguments) {
			if (!argument.startsWith("--") || !argument.contains("=")) {
				throw new IllegalArgumentException("unknown argument '" + argument
						+ "'. Spring Boot properties are given as --name=value, e.g. --spring.mail.host=smtp.example.com");
			}
		}
		Path folder = home.toAbsolutePath().normalize();
		StateFolder lock = StateFolder.lock(folder);
		try {
			if (fresh) {
				FileSystemUtils.deleteRecursively(folder.resolve("db"));
				FileSystemUtils.deleteRecursively(folder.resolve("out"));
			}
			List<String> arguments = new ArrayList<>(springArguments);
			if (fresh) {
				// A repeated command-line property would be read as "first,second": drop the given ones.
				arguments.removeIf(argument -> argument.startsWith("--spring.datasource.")
						|| argument.startsWith("--breach-notice.database="));
				arguments.addAll(EMBEDDED_DATABASE);
			}
			// As a command-line property it outranks application.properties.
			arguments.add("--breach-notice.home=" + folder);
			return new Session(lock, SpringApplication.run(application, arguments.toArray(String[]::new)));
		}
		catch (RuntimeException | java.io.IOException ex) {
			lock.close();
			throw ex;
		}
	}

	record Session(StateFolder lock, ConfigurableApplicationContext context) implements AutoCloseable {

		<T> T bean(Class<T> type) {
			return context.getBean(type);
		}

		@Override
		public void close() throws Exception {
			try {
				context.close();
			}
			finally {
				lock.close();
			}
		}

	}

}
