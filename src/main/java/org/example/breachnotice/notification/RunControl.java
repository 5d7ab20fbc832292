package org.example.breachnotice.notification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.Campaign;

/**
 * Graceful stop of the running execution. A stop is requested by SIGTERM or by the {@code stop}
 * command (which, as the state folder belongs to the running process, leaves a request file that
 * this process watches). The send step finishes the message in flight, leaves the rest PENDING
 * and ends STOPPED; the same {@code run} command resumes it.
 */
@Component
public class RunControl {

	private static final Logger log = LoggerFactory.getLogger(RunControl.class);

	private final JobOperator jobOperator;

	private final AtomicReference<JobExecution> current = new AtomicReference<>();

	private volatile String stopReason;

	public RunControl(JobOperator jobOperator) {
		this.jobOperator = jobOperator;
	}

	/** The file the {@code stop} command writes for an incident. */
	public static Path stopRequest(Path home, String incidentId) {
		Path control = OutputFolder.refuseSymlink(home.resolve("control"));
		return OutputFolder.refuseSymlink(control.resolve("stop-" + Campaign.requireIncidentId(incidentId)));
	}

	void started(JobExecution execution) {
		stopReason = null;
		current.set(execution);
	}

	void ended() {
		current.set(null);
	}

	/** Checked by the send step before each message. */
	public boolean stopRequested() {
		return stopReason != null;
	}

	public void requestStop(String reason) {
		if (stopReason != null) {
			return;
		}
		stopReason = reason;
		JobExecution execution = current.get();
		log.info("Stop requested ({}): finishing the message in flight, then stopping", reason);
		if (execution != null) {
			try {
				jobOperator.stop(execution);
			}
			catch (Exception ex) {
				// Already ending: the per-message check stops the send step anyway.
				log.debug("stop: {}", ex.toString());
			}
		}
	}

	/** Watches for the {@code stop} command's request file while a run is in progress. */
	Thread watch(Path home, String incidentId) {
		Path request = stopRequest(home, incidentId);
		Thread watcher = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				if (Files.exists(request)) {
					try {
						Files.deleteIfExists(request);
					}
					catch (IOException ex) {
						log.debug("cannot delete {}: {}", request, ex.toString());
					}
					requestStop("stop command");
				}
				try {
					Thread.sleep(250);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "stop-request-watcher");
		watcher.setDaemon(true);
		watcher.start();
		return watcher;
	}

}
