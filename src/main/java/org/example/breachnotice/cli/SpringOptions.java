package org.example.breachnotice.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Option;

import org.example.breachnotice.BreachNoticeApplication;

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
		for (String argument : springArguments) {
			if (!argument.startsWith("--") || !argument.contains("=")) {
				throw new IllegalArgumentException("unknown argument '" + argument
						+ "'. Spring Boot properties are given as --name=value, e.g. --spring.mail.host=smtp.example.com");
			}
		}
		Path folder = home.toAbsolutePath().normalize();
		StateFolder lock = StateFolder.lock(folder);
		try {
			List<String> arguments = new ArrayList<>(springArguments);
			// As a command-line property it outranks application.properties.
			arguments.add("--breach-notice.home=" + folder);
			return new Session(lock, SpringApplication.run(BreachNoticeApplication.class, arguments.toArray(String[]::new)));
		}
		catch (RuntimeException ex) {
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
