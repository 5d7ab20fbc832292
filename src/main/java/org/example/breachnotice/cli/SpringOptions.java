package org.example.breachnotice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.BreachNoticeApplication;

/**
 * Options shared by the commands that open the state folder: {@code --home}, and any standard
 * Spring Boot argument ({@code --spring.mail.host=...}), passed to Spring unchanged.
 */
class SpringOptions {

	@Option(names = "--home", defaultValue = "var", paramLabel = "FOLDER",
			description = "State folder: database, outputs, ledger key (default: ${DEFAULT-VALUE}).")
	Path home;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	/** Locks the state folder, then starts Spring on it. Close the returned session when done. */
	Session open() throws Exception {
		for (String argument : springArguments) {
			if (!argument.startsWith("--") || !argument.contains("=")) {
				throw new IllegalArgumentException("unknown argument '" + argument
						+ "'. Spring Boot properties are given as --name=value, e.g. --spring.mail.host=smtp.example.com");
			}
		}
		Path folder = home.toAbsolutePath().normalize();
		StateFolder lock = StateFolder.lock(folder);
		try {
			SpringApplication application = new SpringApplication(BreachNoticeApplication.class);
			application.setDefaultProperties(Map.of("breach-notice.home", folder.toString()));
			return new Session(lock, application.run(springArguments.toArray(String[]::new)));
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
