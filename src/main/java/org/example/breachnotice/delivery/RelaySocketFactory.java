package org.example.breachnotice.delivery;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.example.breachnotice.support.DaemonTimers;


/**
 * Sockets to the relay, with two differences from plain ones.
 * <ul>
 * <li>TCP_NODELAY. Angus Mail writes a message's last bytes and then waits for the reply; with
 * Nagle's algorithm on our side and delayed ACKs on the relay's, that costs about 40 ms per
 * message above a few kilobytes (measured: 23 messages/s instead of 3,353 on one loopback
 * connection with an 8.5 KB notice).</li>
 * <li>The write timeout ({@code mail.smtp.writetimeout}), kept by one watchdog thread that closes a
 * socket whose write has been blocked for longer; the blocked write then fails. Angus keeps it by
 * scheduling a timer task around every write and cancelling it after, waking a timer thread each
 * time: without that, the send threads' CPU samples fell by 14% (async-profiler, 100k rows on
 * PostgreSQL) and the send of 1M notices took 196 s instead of 236 s.</li>
 * </ul>
 * STARTTLS wraps these sockets and writes through them, so both hold with TLS too.
 */
class RelaySocketFactory extends SocketFactory {

	private static final Logger log = LoggerFactory.getLogger(RelaySocketFactory.class);

	private static final Set<WatchedSocket> open = ConcurrentHashMap.newKeySet();

	private static final ScheduledExecutorService watchdog = DaemonTimers.named("smtp-write-watchdog");

	static {
		watchdog.scheduleWithFixedDelay(RelaySocketFactory::closeStalled, 100, 100, TimeUnit.MILLISECONDS);
	}

	private final long writeTimeoutNanos;

	/** @param writeTimeoutMillis how long one write may block; 0 for no limit */
	RelaySocketFactory(long writeTimeoutMillis) {
		this.writeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis);
	}

	/**
	 * A copy of the session properties that makes Angus use these sockets, with the write timeout
	 * moved from Angus to them. Left alone when the properties name a socket factory of their own,
	 * or with SMTPS ({@code mail.smtp.ssl.enable}), where Angus takes its SSL socket factory instead.
	 */
	static Properties installedIn(Properties session) {
		Properties properties = new Properties();
		properties.putAll(session);
		if (properties.containsKey("mail.smtp.socketFactory")
				|| Boolean.parseBoolean(properties.getProperty("mail.smtp.ssl.enable"))) {
			return properties;
		}
		properties.put("mail.smtp.socketFactory", of(properties));
		properties.remove("mail.smtp.writetimeout");
		return properties;
	}

	/** The factory for the write timeout the session properties set. */
	static RelaySocketFactory of(Properties session) {
		return new RelaySocketFactory(millis(session, "mail.smtp.writetimeout"));
	}

	/** A timeout of the session properties in milliseconds; 0 (no limit) when not set. */
	static int millis(Properties session, String key) {
		Object value = session.get(key);
		try {
			return value == null ? 0 : Integer.parseInt(value.toString().strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("spring.mail.properties." + key + " must be a number of milliseconds, not '"
					+ value + "'", ex);
		}
	}

	@Override
	public Socket createSocket() throws IOException {
		WatchedSocket socket = new WatchedSocket(writeTimeoutNanos);
		socket.setTcpNoDelay(true);
		return socket;
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return createSocket(InetAddress.getByName(host), port);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return createSocket(InetAddress.getByName(host), port, localHost, localPort);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return createSocket(host, port, null, 0);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
		Socket socket = createSocket();
		socket.bind(new InetSocketAddress(localAddress, localPort));
		socket.connect(new InetSocketAddress(address, port));
		return socket;
	}

	private static void closeStalled() {
		long now = System.nanoTime();
		for (WatchedSocket socket : open) {
			long since = socket.writingSince;
			if (since != 0 && now - since > socket.writeTimeoutNanos) {
				log.warn("A write to the SMTP server {} has been blocked for more than {} ms: closing the connection",
						socket.getRemoteSocketAddress(), TimeUnit.NANOSECONDS.toMillis(socket.writeTimeoutNanos));
				try {
					socket.close();
				}
				catch (IOException | RuntimeException ex) {
					log.debug("closing a stalled socket: {}", ex.toString());
				}
			}
		}
	}

	/** A socket whose writes note when they started, for the watchdog. */
	private static final class WatchedSocket extends Socket {

		private final long writeTimeoutNanos;

		/** System.nanoTime() when the write in progress started, 0 when none is. */
		private volatile long writingSince;

		private OutputStream out;

		WatchedSocket(long writeTimeoutNanos) {
			this.writeTimeoutNanos = writeTimeoutNanos;
		}

		@Override
		public synchronized OutputStream getOutputStream() throws IOException {
			if (out == null) {
				out = new FilterOutputStream(super.getOutputStream()) {
					@Override
					public void write(int b) throws IOException {
						write(new byte[] { (byte) b }, 0, 1);
					}

					@Override
					public void write(byte[] bytes, int offset, int length) throws IOException {
						writingSince = Math.max(System.nanoTime(), 1);
						try {
							this.out.write(bytes, offset, length);
						}
						finally {
							writingSince = 0;
						}
					}
				};
				// Watched from its first use on: a socket that failed to connect may never be closed, and is never written to.
				if (writeTimeoutNanos > 0) {
					open.add(this);
				}
			}
			return out;
		}

		@Override
		public synchronized void close() throws IOException {
			open.remove(this);
			super.close();
		}

	}

}
