package org.example.breachnotice.delivery;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RelaySocketFactoryTests {

	/** A relay that accepts the connection and then never reads: the client's socket buffers fill up. */
	@Test
	void aWriteBlockedLongerThanTheWriteTimeoutFailsInsteadOfHanging() throws Exception {
		try (ServerSocket relay = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket socket = new RelaySocketFactory(300).createSocket(InetAddress.getLoopbackAddress(), relay.getLocalPort());
				Socket accepted = relay.accept()) {
			assertThat(socket.getTcpNoDelay()).isTrue();
			OutputStream out = socket.getOutputStream();
			byte[] block = new byte[64 * 1024];
			long started = System.nanoTime();
			assertThatThrownBy(() -> {
				for (int i = 0; i < 4096; i++) {
					out.write(block);
				}
			}).isInstanceOf(SocketException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(10));
			assertThat(socket.isClosed()).isTrue();
		}
	}

	/** Small buffers and a reader that pauses: the whole transfer takes longer than the timeout, no single write does. */
	@Test
	void aSlowButMovingPeerIsNotCutOff() throws Exception {
		try (ServerSocket relay = new ServerSocket()) {
			relay.setReceiveBufferSize(8192);
			relay.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			try (Socket socket = new RelaySocketFactory(1000).createSocket(InetAddress.getLoopbackAddress(), relay.getLocalPort());
					Socket accepted = relay.accept()) {
				socket.setSendBufferSize(8192);
				Thread reader = new Thread(() -> {
					try {
						byte[] buffer = new byte[4096];
						while (accepted.getInputStream().read(buffer) >= 0) {
							Thread.sleep(1);
						}
					}
					catch (Exception ex) {
						// the test is over
					}
				});
				reader.start();
				OutputStream out = socket.getOutputStream();
				byte[] block = new byte[1024];
				long started = System.nanoTime();
				// 4 MB read 4 KB a millisecond at best: over a second in all, each 1 KB write waits for a few reads at most.
				assertThatNoException().isThrownBy(() -> {
					for (int i = 0; i < 4096; i++) {
						out.write(block);
					}
				});
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1000));
				socket.close();
				reader.join(5000);
			}
		}
	}

	@Test
	void theWriteTimeoutMovesFromAngusToTheseSockets() {
		Properties properties = RelaySocketFactory.installedIn(properties("mail.smtp.writetimeout", "30000"));
		assertThat(properties.get("mail.smtp.socketFactory")).isInstanceOf(RelaySocketFactory.class);
		assertThat(properties).doesNotContainKey("mail.smtp.writetimeout");
	}

	@Test
	void withSmtpsOrASocketFactoryOfTheirOwnAngusKeepsTheWriteTimeout() {
		Properties smtps = properties("mail.smtp.writetimeout", "30000", "mail.smtp.ssl.enable", "true");
		assertThat(RelaySocketFactory.installedIn(smtps)).isEqualTo(smtps);
		Properties own = properties("mail.smtp.writetimeout", "30000", "mail.smtp.socketFactory", new Object());
		assertThat(RelaySocketFactory.installedIn(own)).isEqualTo(own);
	}

	@Test
	void aWriteTimeoutThatIsNoNumberIsNamed() {
		assertThatThrownBy(() -> RelaySocketFactory.installedIn(properties("mail.smtp.writetimeout", "30s")))
			.hasMessageContaining("spring.mail.properties.mail.smtp.writetimeout")
			.hasMessageContaining("'30s'");
	}

	private static Properties properties(Object... keysAndValues) {
		Properties properties = new Properties();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			properties.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return properties;
	}

}
