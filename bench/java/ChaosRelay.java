import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A faulty SMTP relay on loopback for bench/chaos. It logs every message it accepts ("millis TAB
 * Message-ID TAB recipient", one line each, flushed), so that copies can be counted whatever the
 * client believes. Usage: ChaosRelay PORT LOG_FILE REPLY_DELAY_MS [none|faults|greylist]
 * With "faults", per attempt: 5% of RCPTs get 451, recipients whose address hashes to 0 mod 100 get
 * 550 (1%), 2% of accepted messages are kept and the connection dropped before the final 250, and
 * every 400th MAIL FROM gets "421 4.7.0 rate exceeded" (a throttle) and the connection closed.
 * With "greylist", recipients whose address hashes to 0 mod 4 (25%) get 451 on their first two RCPTs.
 */
public class ChaosRelay {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		PrintWriter log = new PrintWriter(new FileWriter(args[1], StandardCharsets.UTF_8, true), true);
		long replyDelay = Long.parseLong(args[2]);
		boolean faults = args.length > 3 && args[3].equals("faults");
		boolean greylist = args.length > 3 && args[3].equals("greylist");
		Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
		AtomicLong mails = new AtomicLong();
		Random random = new Random(20251109);
		try (ServerSocket server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress())) {
			while (true) {
				Socket socket = server.accept();
				Thread session = new Thread(() -> serve(socket, log, replyDelay, faults, greylist, seen, mails, random));
				session.setDaemon(true);
				session.start();
			}
		}
	}

	private static void serve(Socket socket, PrintWriter log, long replyDelay, boolean faults, boolean greylist,
			Map<String, AtomicInteger> seen, AtomicLong mails, Random random) {
		try (socket;
				BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
				OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
			reply(out, in, "220 chaos ESMTP");
			String recipient = null;
			for (String line; (line = in.readLine()) != null;) {
				String command = line.toUpperCase(Locale.ROOT);
				if (command.startsWith("EHLO") || command.startsWith("HELO")) {
					reply(out, in, "250-chaos\r\n250 PIPELINING");
				}
				else if (command.startsWith("MAIL FROM")) {
					if (faults && mails.incrementAndGet() % 400 == 0) {
						reply(out, in, "421 4.7.0 Error: rate exceeded, slow down");
						return;
					}
					recipient = null;
					reply(out, in, "250 2.1.0 Ok");
				}
				else if (command.startsWith("RCPT TO")) {
					String address = line.substring(line.indexOf('<') + 1, line.indexOf('>')).toLowerCase(Locale.ROOT);
					if (faults && Math.floorMod(address.hashCode(), 100) == 0) {
						reply(out, in, "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
					}
					else if (faults && chance(random, 0.05)) {
						reply(out, in, "451 4.3.0 <" + address + ">: Temporary lookup failure");
					}
					else if (greylist && Math.floorMod(address.hashCode(), 4) == 0
							&& seen.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet() <= 2) {
						reply(out, in, "451 4.2.0 <" + address + ">: Recipient address rejected: Greylisted, try again later");
					}
					else {
						recipient = address;
						reply(out, in, "250 2.1.5 Ok");
					}
				}
				else if (command.equals("DATA") && recipient == null) {
					reply(out, in, "554 5.5.1 Error: no valid recipients");
				}
				else if (command.equals("DATA")) {
					reply(out, in, "354 End data with <CR><LF>.<CR><LF>");
					String messageId = "?";
					boolean headers = true;
					String data;
					while ((data = in.readLine()) != null && !data.equals(".")) {
						if (data.isEmpty()) {
							headers = false;
						}
						else if (headers && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
							messageId = data.substring(11).strip();
						}
					}
					if (data == null) {
						return; // the client went away before the final ".": a relay keeps nothing
					}
					synchronized (log) {
						log.println(System.currentTimeMillis() + "\t" + messageId + "\t" + recipient);
					}
					if (faults && chance(random, 0.02)) {
						return; // kept, and the connection drops before the 250
					}
					if (replyDelay > 0) {
						Thread.sleep(replyDelay);
					}
					reply(out, in, "250 2.0.0 Ok: queued");
				}
				else if (command.startsWith("RSET") || command.startsWith("NOOP")) {
					reply(out, in, "250 2.0.0 Ok");
				}
				else if (command.startsWith("QUIT")) {
					reply(out, in, "221 2.0.0 Bye");
					return;
				}
				else {
					reply(out, in, "502 5.5.2 Error: command not recognized");
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client went away (or was killed)
		}
	}

	private static boolean chance(Random random, double p) {
		synchronized (random) {
			return random.nextDouble() < p;
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

}
