package org.example.breachnotice.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The append-only file of signed checkpoints, one JSON line each, outside the database: by default
 * {@code <home>/anchors/}, in production a write-once bucket mounted as a folder, or another disk.
 * An insider who rewrites the database cannot rewrite what was appended here.
 */
public final class AnchorFile {

	static final String NAME = "ledger-checkpoints.jsonl";

	private final Path file;

	private AnchorFile(Path file) {
		this.file = file;
	}

	/** The anchor file in a folder, or the file itself when {@code path} names one. */
	public static AnchorFile at(Path path) {
		return new AnchorFile(Files.isRegularFile(path) ? path : path.resolve(NAME));
	}

	public Path path() {
		return file;
	}

	public boolean exists() {
		return Files.exists(file);
	}

	/** Every checkpoint in the file, in order; a line that is not a checkpoint is an error naming its line. */
	public List<Checkpoint> read() {
		List<Checkpoint> checkpoints = new ArrayList<>();
		if (!exists()) {
			return checkpoints;
		}
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).isBlank()) {
					continue;
				}
				try {
					checkpoints.add(Checkpoint.parse(lines.get(i)));
				}
				catch (RuntimeException ex) {
					throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a checkpoint: the anchor file was"
							+ " edited or damaged", ex);
				}
			}
			return checkpoints;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the anchor file " + file, ex);
		}
	}

	/**
	 * Appends the checkpoint that {@code make} builds for the next number, under an exclusive lock of
	 * the file (processes on one host take turns), and forces it to disk before returning.
	 */
	synchronized Checkpoint append(LongFunction<Checkpoint> make) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
				List<Checkpoint> existing = read();
				long next = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).number() + 1;
				Checkpoint checkpoint = make.apply(next);
				channel.write(ByteBuffer.wrap((checkpoint.toLine() + "\n").getBytes(StandardCharsets.UTF_8)));
				channel.force(true);
				return checkpoint;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot append a checkpoint to " + file + ": check that the anchor folder is"
					+ " mounted and writable", ex);
		}
	}

}
