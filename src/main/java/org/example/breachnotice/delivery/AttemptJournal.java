package org.example.breachnotice.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.example.breachnotice.outbox.AttemptJournals.Attempt;
import org.example.breachnotice.outbox.AttemptJournals.Stage;
import org.example.breachnotice.outbox.AttemptJournals;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox.Evidence;
import org.example.breachnotice.outbox.Outbox.Outcome;
import org.example.breachnotice.support.Masking;

/**
 * One send partition's attempt journal: an append-only file in the state folder that says, for
 * each notice the partition claimed, whether its attempt started (before MAIL FROM), whether the
 * end of its data was about to go out (before the final "."), and its outcome (after the final
 * reply). Recovery reads it to settle what a dead process left SENDING, so that a crash leaves in
 * doubt only the message whose final reply was not yet read, not the whole claimed batch.
 * <p>
 * Each record is one {@code write(2)} of a whole line, without fsync: the kernel has it once the
 * call returns, so it survives the death of the process (kill -9, OOM kill, JVM crash) at the cost
 * of a system call, not a database round trip. It does not survive the loss of the host's power
 * before the kernel wrote it out, nor help a recovery on another machine: then the claim's notices
 * become UNKNOWN, as without a journal.
 * <p>
 * Lines: {@code S id}, {@code D id}, {@code O id status code smtp-attempts doubtful-attempts
 * template template-hash content-hash next-attempt-millis reply}, tab-separated, with addresses
 * redacted from the reply.
 */
public final class AttemptJournal {

	private static final Pattern CLAIM_ID = Pattern.compile("[0-9a-f-]{36}");

	private static final Pattern SEPARATORS = Pattern.compile("[\\t\\r\\n]");

	private static final String SUFFIX = ".journal";

	private final String id;

	private final Path file;

	private final FileChannel channel;

	private AttemptJournal(String id, Path file, FileChannel channel) {
		this.id = id;
		this.file = file;
		this.channel = channel;
	}

	/** A new journal in the folder (both created owner-only: they are state, not output). */
	static AttemptJournal create(Path folder) {
		String id = UUID.randomUUID().toString();
		Path file = folder.resolve(id + SUFFIX);
		try {
			Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			return new AttemptJournal(id, file, channel);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the attempt journal " + file + ": " + ex.getMessage()
					+ ". Check free space and permissions of the state folder, then run the same command again.", ex);
		}
	}

	/** The claim id that notices claimed by this partition carry. */
	String id() {
		return id;
	}

	void started(long noticeId) {
		append("S\t" + noticeId + "\n");
	}

	void endOfData(long noticeId) {
		append("D\t" + noticeId + "\n");
	}

	void finished(Outcome outcome) {
		Evidence evidence = outcome.evidence();
		append(String.join("\t", "O", Long.toString(outcome.notice().id()), outcome.status().name(),
				outcome.replyCode() == null ? "" : outcome.replyCode().toString(), Integer.toString(evidence.smtpAttempts()),
				Integer.toString(evidence.doubtfulAttempts()), field(evidence.template()), field(evidence.templateHash()),
				field(evidence.contentHash()), outcome.nextAttemptAt() == null ? "" : Long.toString(outcome.nextAttemptAt().toEpochMilli()),
				reply(outcome.replyText())) + "\n");
	}

	private void append(String line) {
		ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
		try {
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
		}
		catch (IOException ex) {
			// Without its journal record an attempt must not start: recovery could then not tell.
			throw new SystemicDeliveryFailure("Cannot write the attempt journal " + file + ": " + ex.getMessage()
					+ ". Check free space of the state folder, then run the same command again.", 0, ex);
		}
	}

	/** Closes the file; deletes it when every claim it covers has its outcome in the database. */
	void close(boolean settled) {
		try {
			channel.close();
			if (settled) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The journals of one incident's send partitions, for recovery. */
	public static AttemptJournals in(Path folder) {
		return claimId -> {
			Path file = folder.resolve(claimId + SUFFIX);
			if (!CLAIM_ID.matcher(claimId).matches() || !Files.isRegularFile(file)) {
				return Optional.empty();
			}
			return Optional.of(read(file));
		};
	}

	/** After recovery committed: every claim is settled in the database, the journals are history. */
	public static void discardAll(Path folder) {
		if (!Files.isDirectory(folder)) {
			return;
		}
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot clear the attempt journals in " + folder, ex);
		}
	}

	static Map<Long, Attempt> read(Path file) {
		Map<Long, Attempt> attempts = new HashMap<>();
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the attempt journal " + file + ": " + ex.getMessage(), ex);
		}
		// A line without its newline is a write the process did not finish: as if not written.
		int end = text.lastIndexOf('\n') + 1;
		for (String line : text.substring(0, end).split("\n")) {
			if (line.isEmpty()) {
				continue;
			}
			String[] f = line.split("\t", -1);
			long noticeId = Long.parseLong(f[1]);
			attempts.put(noticeId, switch (f[0]) {
				case "S" -> Attempt.STARTED;
				case "D" -> Attempt.END_OF_DATA;
				case "O" -> new Attempt(Stage.FINISHED, NoticeStatus.valueOf(f[2]), f[3].isEmpty() ? null : Integer.valueOf(f[3]),
						value(f[10]), new Evidence(value(f[6]), value(f[7]), value(f[8]), Integer.parseInt(f[4]), Integer.parseInt(f[5])),
						f[9].isEmpty() ? null : java.time.Instant.ofEpochMilli(Long.parseLong(f[9])));
				default -> throw new IllegalStateException("Unreadable attempt journal " + file + ": record " + f[0]);
			});
		}
		return attempts;
	}

	/** Template names and hashes are ours: no tab or line break in them. */
	private static String field(String value) {
		return value == null ? "" : value;
	}

	/** A reply is the relay's text: tabs and line breaks would split the record, addresses stay out of files. */
	private static String reply(String text) {
		return text == null ? "" : SEPARATORS.matcher(Masking.redactAddresses(text)).replaceAll(" ");
	}

	private static String value(String field) {
		return field.isEmpty() ? null : field;
	}

}
