package org.example.breachnotice.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Exclusive use of a state folder by one process. The embedded database allows one process
 * anyway; this lock turns its cryptic error into a clear one and is held for the whole command,
 * so an execution found STARTED while we hold it was certainly left by a dead process.
 */
final class StateFolder implements AutoCloseable {

	private final FileChannel channel;

	private final FileLock lock;

	private StateFolder(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	static StateFolder lock(Path home) throws IOException {
		Files.createDirectories(home);
		makePrivate(home);
		Path file = home.resolve("breach-notice.lock");
		FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null; // held by this very JVM: just as busy
		}
		if (lock == null) {
			String holder = Files.readString(file).strip();
			channel.close();
			throw new StateFolderBusy("The state folder " + home.toAbsolutePath() + " is in use by another breach-notice process"
					+ (holder.isEmpty() ? "" : " (" + holder + ")")
					+ ". Wait for it to finish, or give another folder with --home. Nothing was done.");
		}
		channel.truncate(0);
		channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
		channel.force(true);
		return new StateFolder(channel, lock);
	}

	/**
	 * The state folder holds names and addresses (database, notices, previews, the log): owner-only
	 * whatever the umask, it and what lies directly in it. Other users cannot traverse it, so the
	 * files further down, created with the umask's modes, are out of their reach too.
	 */
	private static void makePrivate(Path home) throws IOException {
		try {
			Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
			try (java.util.stream.Stream<Path> children = Files.list(home)) {
				// Not through a symbolic link: chmod would change its target, wherever it points.
				for (Path child : children.filter(child -> !Files.isSymbolicLink(child)).toList()) {
					Files.setPosixFilePermissions(child, PosixFilePermissions.fromString(Files.isDirectory(child) ? "rwx------" : "rw-------"));
				}
			}
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: its own access control applies
		}
	}

	@Override
	public void close() throws IOException {
		lock.release();
		channel.close();
	}

	static final class StateFolderBusy extends RuntimeException {

		StateFolderBusy(String message) {
			super(message);
		}

	}

}
