package org.example.breachnotice.bounces;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;

/**
 * Where delivery reports arrive: a Maildir folder, an mbox file or an IMAP folder. Every source is
 * only read: nothing is deleted, moved or flagged, so a mailbox can be read again at no risk.
 */
public interface Mailbox {

	/** What a visit to each message does; it may throw, which ends the reading. */
	interface Visitor {

		void visit(MimeMessage message, String where) throws Exception;

	}

	/** Calls the visitor for each message, in the source's order. */
	void read(Visitor visitor) throws Exception;

	/** A human name of the source, for messages. */
	String describe();

	Session SESSION = Session.getInstance(new Properties());

	/** {@code DIR/new} and {@code DIR/cur}, each file one message, in name order. */
	static Mailbox maildir(Path folder) {
		if (!Files.isDirectory(folder.resolve("new")) && !Files.isDirectory(folder.resolve("cur"))) {
			throw new IllegalArgumentException(folder + " is not a Maildir folder (it has neither new/ nor cur/)");
		}
		return new Mailbox() {
			@Override
			public void read(Visitor visitor) throws Exception {
				for (String sub : List.of("cur", "new")) {
					Path dir = folder.resolve(sub);
					if (!Files.isDirectory(dir)) {
						continue;
					}
					List<Path> files;
					try (Stream<Path> list = Files.list(dir)) {
						files = list.filter(Files::isRegularFile).sorted().toList();
					}
					for (Path file : files) {
						try (InputStream in = Files.newInputStream(file)) {
							visitor.visit(new MimeMessage(SESSION, in), file.toString());
						}
					}
				}
			}

			@Override
			public String describe() {
				return "Maildir " + folder;
			}
		};
	}

	/**
	 * An mbox file: messages separated by lines that start with "From " after a blank line (or at
	 * the start), with the usual "&gt;From " quoting undone.
	 */
	static Mailbox mbox(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException(file + ": no such mbox file");
		}
		return new Mailbox() {
			@Override
			public void read(Visitor visitor) throws Exception {
				List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
				List<String> current = new ArrayList<>();
				int number = 0;
				boolean previousBlank = true;
				for (String line : lines) {
					if (line.startsWith("From ") && previousBlank) {
						if (!current.isEmpty()) {
							visitor.visit(parse(current), file + " message " + ++number);
						}
						current = new ArrayList<>();
					}
					else {
						current.add(line.matches(">+From .*") ? line.substring(1) : line);
					}
					previousBlank = line.isEmpty();
				}
				if (!current.isEmpty()) {
					visitor.visit(parse(current), file + " message " + ++number);
				}
			}

			@Override
			public String describe() {
				return "mbox " + file;
			}
		};
	}

	/** By its spelling, without a DNS look-up: a name that resolves to loopback elsewhere does not count. */
	private static boolean isLoopback(String host) {
		return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]"));
	}

	private static MimeMessage parse(List<String> lines) throws MessagingException {
		byte[] raw = (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
		return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
	}

	/**
	 * An IMAP folder, e.g. {@code imaps://bounces@imap.example.com/INBOX}, opened read-only. TLS is
	 * required (imaps, or imap with STARTTLS required) before any credential is sent; plain imap only
	 * to a loopback address (tests, a local relay).
	 */
	static Mailbox imap(String url, String password) {
		URLName name = new URLName(url);
		String protocol = name.getProtocol();
		if (!"imaps".equals(protocol) && !"imap".equals(protocol)) {
			throw new IllegalArgumentException("--imap " + url + ": the URL must start with imaps:// (or imap://)");
		}
		Properties properties = new Properties();
		if ("imap".equals(protocol)) {
			if (!isLoopback(name.getHost())) {
				throw new IllegalArgumentException("--imap " + url + ": use imaps:// so that the password never crosses the"
						+ " network in clear (plain imap:// is accepted only on a loopback address)");
			}
		}
		properties.setProperty("mail." + protocol + ".connectiontimeout", "10000");
		properties.setProperty("mail." + protocol + ".timeout", "30000");
		Session session = Session.getInstance(properties);
		return new Mailbox() {
			@Override
			public void read(Visitor visitor) throws Exception {
				try (Store store = session.getStore(protocol)) {
					store.connect(name.getHost(), name.getPort(), name.getUsername(), password);
					Folder folder = store.getFolder(name.getFile() == null || name.getFile().isEmpty() ? "INBOX" : name.getFile());
					folder.open(Folder.READ_ONLY);
					try {
						for (Message message : folder.getMessages()) {
							// A copy: the visitor reads it whole, and the server's message is never touched.
							visitor.visit(new MimeMessage((MimeMessage) message), describe() + " message " + message.getMessageNumber());
						}
					}
					finally {
						folder.close(false);
					}
				}
			}

			@Override
			public String describe() {
				return protocol + "://" + name.getHost() + (name.getPort() > 0 ? ":" + name.getPort() : "") + "/"
						+ (name.getFile() == null ? "INBOX" : name.getFile());
			}
		};
	}

}
