package org.example.breachnotice.testsupport;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server on a loopback port, with scripted faults that GreenMail cannot produce:
 * <ul>
 * <li>recipients whose local part starts with {@code tempfail} get {@code 451} on their first
 * RCPT, then {@code 250};</li>
 * <li>recipients whose local part starts with {@code reject} get {@code 550}, with {@code authreq} a
 * {@code 530} that echoes the address twice;</li>
 * <li>recipients whose local part starts with {@code busy} get {@code 452} as long as
 * {@link #deferBusy} is set;</li>
 * <li>recipients whose local part starts with {@code greylist} get {@code 450} (as Postfix's
 * postgrey says it) until {@link #greylistFor} has passed on {@link #clock} since their first
 * RCPT;</li>
 * <li>after {@link #acceptLimit} messages the server drops the connection and stops listening
 * (a relay that goes away mid-send);</li>
 * <li>with {@link #refuseAuthentication} it offers AUTH and refuses every credential;</li>
 * <li>it offers PIPELINING unless {@link #offerPipelining} is cleared, and answers DATA without
 * an accepted recipient with {@code 554}, as Postfix does; {@link #groupedReplyDelayMillis} slows
 * the reply to a pipelined RCPT down;</li>
 * <li>{@link #replyDelayMillis} waits between the end of DATA and the final 250, which widens the
 * window a crash can hit; {@link #mostAwaitingReply()} tells how many sessions were in that wait at
 * once;</li>
 * <li>every {@link #dropFinalReplyEvery}-th accepted message is kept and the connection dropped
 * before its 250 (a relay that accepted it, a client that cannot know);</li>
 * <li>{@link #onPhase} runs in the session's thread at MAIL FROM, at the end of the data (message
 * kept, reply not sent) and after the final reply: a test kills its client there.</li>
 * </ul>
 */
public final class ScriptedSmtpServer implements AutoCloseable {

	public record Accepted(String mailFrom, List<String> recipients, String data) {
	}

	/** Where {@link #onPhase} is called. */
	public enum Phase {
		MAIL_FROM, END_OF_DATA, FINAL_REPLY
	}

	/** Called with the phase and the number of messages accepted so far (the one at hand included from END_OF_DATA). */
	public interface PhaseListener {

		void at(Phase phase, int accepted);

	}

	private final ServerSocket server;

	private final List<Accepted> accepted = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> rcptCounts = new ConcurrentHashMap<>();

	private final List<Socket> clients = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger awaitingReply = new AtomicInteger();

	private final AtomicInteger mostAwaitingReply = new AtomicInteger();

	private final AtomicInteger authAttempts = new AtomicInteger();

	private final AtomicInteger pipelinedMailCommands = new AtomicInteger();

	private final AtomicInteger mailCommands = new AtomicInteger();

	private final AtomicInteger commandsBehindEndOfData = new AtomicInteger();

	private final AtomicInteger quits = new AtomicInteger();

	public volatile int acceptLimit = Integer.MAX_VALUE;

	/** AUTH commands received: a client that sends one in clear has already given its password away. */
	public int authAttempts() {
		return authAttempts.get();
	}

	public volatile long replyDelayMillis;

	public volatile boolean refuseAuthentication;

	/** Offers PIPELINING (RFC 2920) in its EHLO reply, as Postfix does; it answers pipelined commands in order. */
	public volatile boolean offerPipelining = true;

	/** The MAIL command (1 for the first) that gets 421 and a closed connection: a relay that throttles; 0 for none. */
	public volatile int throttleMailAt;

	/** How long a RCPT with more commands behind it waits for its reply: a relay slow to answer grouped commands. */
	public volatile long groupedReplyDelayMillis;

	public volatile boolean deferBusy = true;

	public volatile int dropFinalReplyEvery;

	public volatile java.time.Duration greylistFor = java.time.Duration.ofMinutes(5);

	public volatile java.time.Clock clock = java.time.Clock.systemUTC();

	private final Map<String, java.time.Instant> firstSeen = new ConcurrentHashMap<>();

	public volatile PhaseListener onPhase = (phase, accepted) -> {
	};

	private final AtomicInteger droppedReplies = new AtomicInteger();

	public ScriptedSmtpServer() throws IOException {
		server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return server.getLocalPort();
	}

	/** MAIL commands received. */
	public int mailCommands() {
		return mailCommands.get();
	}

	/** MAIL commands that arrived with more behind them, unanswered: the client pipelined RCPT and DATA. */
	public int pipelinedMailCommands() {
		return pipelinedMailCommands.get();
	}

	/** Ends of data that arrived with the next commands right behind them (the next transaction opened with it). */
	public int commandsBehindEndOfData() {
		return commandsBehindEndOfData.get();
	}

	/** QUIT commands received. */
	public int quits() {
		return quits.get();
	}

	/** How many SMTP connections were opened. */
	public int connections() {
		return connections.get();
	}

	/** The most sessions that were waiting for their final 250 at the same time (with {@link #replyDelayMillis}). */
	public int mostAwaitingReply() {
		return mostAwaitingReply.get();
	}

	public List<Accepted> accepted() {
		return accepted;
	}

	/** How many accepted messages got no final reply ({@link #dropFinalReplyEvery}). */
	public int droppedReplies() {
		return droppedReplies.get();
	}

	/** How many RCPT commands named this address (attempts that reached the recipient stage). */
	public int rcptCount(String address) {
		AtomicInteger count = rcptCounts.get(address);
		return count == null ? 0 : count.get();
	}

	/** How many accepted messages each recipient got. */
	public Map<String, Integer> deliveriesByRecipient() {
		Map<String, Integer> counts = new java.util.TreeMap<>();
		for (Accepted message : accepted) {
			message.recipients().forEach(r -> counts.merge(r, 1, Integer::sum));
		}
		return counts;
	}

	private void acceptLoop() {
		while (!server.isClosed()) {
			try {
				Socket socket = server.accept();
				clients.add(socket);
				connections.incrementAndGet();
				Thread session = new Thread(() -> serve(socket), "scripted-smtp-session");
				session.setDaemon(true);
				session.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket;
				BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
				OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
			reply(out, in, "220 scripted ESMTP");
			List<String> recipients = new ArrayList<>();
			String mailFrom = null;
			for (String line; (line = in.readLine()) != null;) {
				String command = line.toUpperCase(Locale.ROOT);
				if (command.startsWith("EHLO") || command.startsWith("HELO")) {
					reply(out, in, "250-scripted\r\n" + (offerPipelining ? "250-PIPELINING\r\n" : "")
							+ (refuseAuthentication ? "250 AUTH PLAIN LOGIN" : "250 8BITMIME"));
				}
				else if (command.startsWith("AUTH")) {
					authAttempts.incrementAndGet();
					reply(out, in, "535 5.7.8 Error: authentication failed");
				}
				else if (command.startsWith("MAIL FROM")) {
					if (mailCommands.incrementAndGet() == throttleMailAt) {
						reply(out, in, "421 4.7.0 Error: too many messages, slow down");
						return; // and the connection closes, pipelined RCPT and DATA unanswered
					}
					onPhase.at(Phase.MAIL_FROM, accepted.size());
					if (in.ready()) {
						pipelinedMailCommands.incrementAndGet();
					}
					recipients.clear();
					mailFrom = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
					reply(out, in, "250 2.1.0 Ok");
				}
				else if (command.startsWith("RCPT TO")) {
					String address = line.substring(line.indexOf('<') + 1, line.indexOf('>')).toLowerCase(Locale.ROOT);
					int seen = rcptCounts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
					if (address.startsWith("reject")) {
						reply(out, in, "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
					}
					else if (address.startsWith("authreq")) {
						reply(out, in, "530 5.7.0 <" + address + ">: Authentication required to send to " + address);
					}
					else if (address.startsWith("busy") && deferBusy) {
						reply(out, in, "452 4.2.2 <" + address + ">: Mailbox busy, try again later");
					}
					else if (address.startsWith("greylist") && clock.instant()
						.isBefore(firstSeen.computeIfAbsent(address, a -> clock.instant()).plus(greylistFor))) {
						reply(out, in, "450 4.2.0 <" + address + ">: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/");
					}
					else if (address.startsWith("tempfail") && seen == 1) {
						reply(out, in, "451 4.3.0 <" + address + ">: Temporary lookup failure");
					}
					else {
						recipients.add(address);
						if (groupedReplyDelayMillis > 0 && in.ready()) {
							Thread.sleep(groupedReplyDelayMillis);
						}
						reply(out, in, "250 2.1.5 Ok");
					}
				}
				else if (command.equals("DATA") && recipients.isEmpty()) {
					reply(out, in, "554 5.5.1 Error: no valid recipients");
				}
				else if (command.equals("DATA")) {
					reply(out, in, "354 End data with <CR><LF>.<CR><LF>");
					StringBuilder data = new StringBuilder();
					String dataLine;
					while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
						data.append(dataLine).append("\r\n");
					}
					if (dataLine == null) {
						return; // the client went away before the final ".": a relay keeps nothing
					}
					if (in.ready()) {
						commandsBehindEndOfData.incrementAndGet();
					}
					boolean last;
					int number;
					synchronized (accepted) {
						if (accepted.size() >= acceptLimit) {
							return; // gone: this message is not accepted, no reply
						}
						accepted.add(new Accepted(mailFrom, List.copyOf(recipients), data.toString()));
						number = accepted.size();
						last = number >= acceptLimit;
					}
					onPhase.at(Phase.END_OF_DATA, number);
					if (dropFinalReplyEvery > 0 && number % dropFinalReplyEvery == 0) {
						droppedReplies.incrementAndGet();
						return; // kept, and the connection drops before the 250
					}
					if (replyDelayMillis > 0) {
						mostAwaitingReply.accumulateAndGet(awaitingReply.incrementAndGet(), Math::max);
						try {
							Thread.sleep(replyDelayMillis);
						}
						finally {
							awaitingReply.decrementAndGet();
						}
					}
					reply(out, in, "250 2.0.0 Ok: queued as " + number);
					onPhase.at(Phase.FINAL_REPLY, number);
					if (last) {
						// The relay goes away, its reply sent (the next commands may be pending behind the end of
						// data): every connection drops and no new one is accepted.
						out.flush();
						close();
						return;
					}
				}
				else if (command.startsWith("RSET") || command.startsWith("NOOP")) {
					reply(out, in, "250 2.0.0 Ok");
				}
				else if (command.startsWith("QUIT")) {
					quits.incrementAndGet();
					reply(out, in, "221 2.0.0 Bye");
					return;
				}
				else {
					reply(out, in, "502 5.5.2 Error: command not recognized");
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client went away
		}
	}

	/**
	 * A reply waits while more pipelined commands are pending, and leaves with the reply to the
	 * last of them, as Postfix sends them (RFC 2920, 3.2): flushed one by one, with Nagle's
	 * algorithm on, each would wait for the client's delayed ACK of the one before.
	 */
	private static void reply(OutputStream out, BufferedReader in, String line) throws IOException {
		out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
		if (!in.ready()) {
			out.flush();
		}
	}

	@Override
	public void close() throws IOException {
		server.close();
		for (Socket client : clients) {
			client.close();
		}
	}

}
