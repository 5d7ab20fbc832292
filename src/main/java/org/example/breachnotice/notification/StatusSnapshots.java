package org.example.breachnotice.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
 * three seconds (the notices' counts less often when counting them takes long, with the time they
 * were counted), and {@code status} reads it when the state folder is busy. A file rather than a
 * socket: nothing to secure, nothing listening, and the last snapshot survives a crash.
 */
@Component
public class StatusSnapshots {

	private static final Logger log = LoggerFactory.getLogger(StatusSnapshots.class);

	private static final long EVERY_MILLIS = 3000;

	/**
	 * The notices are recounted when their last count is this many times as old as it took. On the
	 * embedded database a count reads every notice through the row cache that the run works from:
	 * at a tenth of the time, the 1M dedupe's ranges took 142-145 s, without counts 118 s.
	 */
	private static final long COUNT_AGE_PER_COUNT_TIME = 50;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

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
		scheduler.scheduleWithFixedDelay(new Runnable() {

			private ExecutionHistory.Notices notices;

			private Instant countedAt;

			private long countedAtNanos, countNanos;

			@Override
			public void run() {
				long now = System.nanoTime();
				if (notices == null || now - countedAtNanos >= Math.max(EVERY_MILLIS * 1_000_000, countNanos * COUNT_AGE_PER_COUNT_TIME)) {
					try {
						notices = executions.notices(incident);
					}
					catch (RuntimeException ex) {
						// Thrown out of run(), it would end the refreshing.
						log.debug("status snapshot: {}", ex.toString());
						return;
					}
					countedAt = Instant.now();
					countedAtNanos = System.nanoTime();
					countNanos = countedAtNanos - now;
				}
				write(home, incident, () -> notices, "Notices as counted at " + TIME.format(countedAt) + " UTC.\n");
			}
		}, 500, EVERY_MILLIS, TimeUnit.MILLISECONDS);
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
			write(home, incident,
					() -> countsAtEnd == null ? executions.notices(incident) : executions.notices(incident, countsAtEnd), "");
		}

	}

	/** @param footnote ends the text */
	private void write(Path home, String incident, Supplier<ExecutionHistory.Notices> notices, String footnote) {
		try {
			byte[] text = StatusText.of(incident, executions.describe(incident, notices)).concat(footnote)
				.getBytes(StandardCharsets.UTF_8);
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
