package org.example.breachnotice.testsupport;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * A real Artemis broker in a JVM of its own (never inside the test JVM, never a container):
 * persistent journal in a folder, one acceptor on loopback. {@link #start} launches it; its
 * {@link #main} is the child's entry point.
 */
public final class ArtemisBroker implements AutoCloseable {

	private static final String READY = "broker ready";

	private final Path folder;

	private final int port;

	private Process process;

	private int starts;

	private ArtemisBroker(Path folder, int port) {
		this.folder = folder;
		this.port = port;
	}

	/** Starts a broker with its journal in {@code folder} and waits until it accepts connections. */
	public static ArtemisBroker start(Path folder) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Files.createDirectories(folder);
		ArtemisBroker broker = new ArtemisBroker(folder, port);
		broker.launch();
		return broker;
	}

	/** kill -9, then the same broker again: same port, same journal. */
	public void crashAndRestart() throws Exception {
		process.destroyForcibly().waitFor();
		launch();
	}

	private void launch() throws Exception {
		Path log = folder.resolve("broker-" + ++starts + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-cp", System.getProperty("java.class.path"), ArtemisBroker.class.getName(), Integer.toString(port),
				folder.resolve("data").toString()));
		process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!Files.readString(log).contains(READY)) {
			if (!process.isAlive() || Instant.now().isAfter(deadline)) {
				process.destroyForcibly();
				throw new IllegalStateException("The broker did not start: " + Files.readString(log));
			}
			Thread.sleep(50);
		}
	}

	/**
	 * The client URL. consumerWindowSize=0: a consumer takes a request only when it is free, so
	 * that partitions spread over the workers instead of queuing at the first one.
	 */
	public String url() {
		return "tcp://127.0.0.1:" + port + "?consumerWindowSize=0";
	}

	@Override
	public void close() throws Exception {
		process.destroy();
		if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

	/** Arguments: PORT FOLDER [HOST] (the address to listen on, default loopback; bench/hosts gives its bridge's). */
	public static void main(String[] args) throws Exception {
		Path data = Path.of(args[1]);
		Configuration configuration = new ConfigurationImpl().setPersistenceEnabled(true)
			.setJournalType(JournalType.NIO)
			.setJournalDirectory(data.resolve("journal").toString())
			.setBindingsDirectory(data.resolve("bindings").toString())
			.setPagingDirectory(data.resolve("paging").toString())
			.setLargeMessagesDirectory(data.resolve("large").toString())
			.setSecurityEnabled(false)
			.addAcceptorConfiguration("tcp", "tcp://" + (args.length > 2 ? args[2] : "127.0.0.1") + ":" + args[0]);
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
		broker.setConfiguration(configuration);
		broker.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				broker.stop();
			}
			catch (Exception ex) {
				ex.printStackTrace();
			}
		}));
		System.out.println(READY);
		Thread.currentThread().join();
	}

}
