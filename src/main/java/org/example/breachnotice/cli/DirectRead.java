package org.example.breachnotice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

import org.example.breachnotice.notification.ExecutionHistory;
import org.example.breachnotice.outbox.OutboxQueries;

/**
 * The embedded database of a state folder read without starting Spring Boot: {@code status} then
 * answers in about a second instead of three. Only when nothing could point Boot elsewhere: no
 * Spring argument, no {@code SPRING_*} environment variable or {@code spring.*} system property, no
 * {@code application.*} file or {@code config/} folder where the command runs. Otherwise, and on
 * PostgreSQL, the command opens the read-only Spring context. The URL is the one in
 * application.properties; what is read and how it is shown is the same code either way. No
 * worker of remote partitioning ever runs on the embedded database: there are none to list.
 */
final class DirectRead implements AutoCloseable {

	private final SingleConnectionDataSource dataSource;

	private final ExecutionHistory history;

	private DirectRead(SingleConnectionDataSource dataSource, ExecutionHistory history) {
		this.dataSource = dataSource;
		this.history = history;
	}

	/**
	 * @param home the locked state folder, whose database exists
	 * @return empty when the settings may not be the defaults: then ask Spring
	 */
	static Optional<DirectRead> open(Path home, List<String> springArguments) throws Exception {
		Properties defaults = new Properties();
		try (InputStream in = DirectRead.class.getResourceAsStream("/application.properties")) {
			defaults.load(in);
		}
		if (!defaultsApply(springArguments, defaults) || !"hsqldb".equals(defaults.getProperty("breach-notice.database"))) {
			return Optional.empty();
		}
		// Read-only: nothing to write back when the connection closes (no checkpoint), a fifth of a second saved.
		String url = defaults.getProperty("breach-notice.embedded-url").replace("${breach-notice.home}", home.toString())
				+ ";readonly=true";
		// HSQLDB would otherwise set up java.util.logging for itself: nothing of it is shown here.
		System.setProperty("hsqldb.reconfig_logging", "false");
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url,
				defaults.getProperty("spring.datasource.username"), defaults.getProperty("spring.datasource.password"), true);
		try {
			DirectRepository repository = new DirectRepository();
			repository.setDataSource(dataSource);
			repository.setTransactionManager(new JdbcTransactionManager(dataSource));
			return Optional.of(new DirectRead(dataSource,
					new ExecutionHistory(repository.unproxied(), new OutboxQueries(new JdbcTemplate(dataSource)))));
		}
		catch (Exception ex) {
			dataSource.destroy();
			throw ex;
		}
	}

	/** Whether Boot would run on application.properties alone (relaxed binding: BREACH_NOTICE_DATABASE sets breach-notice.database). */
	private static boolean defaultsApply(List<String> springArguments, Properties defaults) throws IOException {
		boolean environmentSetsOne = defaults.stringPropertyNames().stream()
			.map(key -> key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'))
			.anyMatch(name -> System.getenv(name) != null);
		if (!springArguments.isEmpty() || environmentSetsOne
				|| System.getenv().keySet().stream().anyMatch(name -> name.startsWith("SPRING_"))
				|| System.getProperties().stringPropertyNames().stream()
					.anyMatch(name -> name.startsWith("spring.") || name.startsWith("breach-notice."))) {
			return false;
		}
		Path here = Path.of("").toAbsolutePath();
		if (Files.isDirectory(here.resolve("config"))) {
			return false;
		}
		try (var files = Files.list(here)) {
			return files.noneMatch(file -> file.getFileName().toString().startsWith("application."));
		}
	}

	/**
	 * Spring Batch's own job repository over its JDBC DAOs, without the transactional proxy: reads
	 * need no transaction, and the proxy and the reactive types it looks for cost a fifth of a second.
	 */
	private static final class DirectRepository extends JdbcJobRepositoryFactoryBean {

		JobRepository unproxied() throws Exception {
			afterPropertiesSet();
			return (JobRepository) getTarget();
		}

	}

	ExecutionHistory history() {
		return history;
	}

	@Override
	public void close() {
		dataSource.destroy();
	}

}
