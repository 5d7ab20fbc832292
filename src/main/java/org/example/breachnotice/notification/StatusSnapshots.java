package org.example.breachnotice.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.support.DaemonTimers;

/**
 * The embedded database belongs to one process, so during a run that process serves status: it
 * writes what {@code status <incident>} would print to {@code <home>/status/<incident>.txt} every
 * three seconds, or less often when counting the notices takes long, and {@code status} reads it when the state folder is busy. A file rather than a
 * socket: nothing to secure, nothing listening, and the last snapshot survives a crash.
 */
@Component
public class StatusSnapshots {

	private static final Logger log = LoggerFactory.getLogger(StatusSnapshots.class);

	private static final long EVERY_MILLIS = 3000;

	private final ExecutionHistory executions;

	public StatusSnapshots(ExecutionHistory executions) {
		this.executions = executions;
	}

	public static Path folder(Path home) {
		return OutputFolder.refuseSymlink(home.resolve("status"));
	}

	/**
	 * Starts refreshing the incident's snapshot; close the returned handle when the run ends. A
	 * symbolic link in place of the folder refuses the run here, before anything is sent.
	 */
	Refresh refresh(Path home, String incident) {
		folder(home);
		ScheduledExecutorService scheduler = DaemonTimers.named("status-snapshot");
		scheduler.schedule(new Runnable() {
			@Override
			public void run() {
				long started = System.nanoTime();
				write(home, incident, null);
				// Counting the notices costs more as the incident grows: the snapshot takes at most a tenth
				// of a core, and is at most 3 s old otherwise.
				long next = Math.max(EVERY_MILLIS, (System.nanoTime() - started) / 1_000_000 * 10);
				try {
					scheduler.schedule(this, next, TimeUnit.MILLISECONDS);
				}
				catch (java.util.concurrent.RejectedExecutionException runEnded) {
					// The run ended meanwhile: its closing writes the last snapshot.
				}
			}
		}, 500, TimeUnit.MILLISECONDS);
		return new Refresh(home, incident, scheduler);
	}

	/** A run's refreshing; closing it stops the refreshing and writes the last snapshot. */
	final class Refresh implements AutoCloseable {

		private final Path home;

		private final String incident;

		private final ScheduledExecutorService scheduler;

		private NoticeCounts countsAtEnd;

		private Refresh(Path home, String incident, ScheduledExecutorService scheduler) {
			this.home = home;
			this.incident = incident;
			this.scheduler = scheduler;
		}

		/** The notices as the job left them, already counted by its end: the last snapshot shows them without counting again. */
		void endedWith(NoticeCounts counts) {
			this.countsAtEnd = counts;
		}

		@Override
		public void close() throws InterruptedException {
			scheduler.shutdownNow();
			scheduler.awaitTermination(5, TimeUnit.SECONDS);
			write(home, incident, countsAtEnd);
		}

	}

	/** @param counts the notices' counts, or null to count them now */
	private void write(Path home, String incident, NoticeCounts counts) {
		try {
			byte[] text = StatusText.of(incident, counts == null ? executions.describe(incident)
					: executions.describe(incident, () -> counts)).getBytes(StandardCharsets.UTF_8);
			Path file = folder(home).resolve(Campaign.requireIncidentId(incident) + ".txt");
			Files.createDirectories(file.getParent());
			Path temp = Files.createTempFile(file.getParent(), ".snapshot", ".tmp");
			Files.write(temp, text);
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException | RuntimeException ex) {
			log.debug("status snapshot: {}", ex.toString());
		}
	}

}
