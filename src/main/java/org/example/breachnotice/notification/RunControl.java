package org.example.breachnotice.notification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.delivery.SendGate;
import org.example.breachnotice.delivery.WaveGate;

/**
 * Graceful stop of the running execution. A stop is requested by SIGTERM or by the {@code stop}
 * command (which, as the state folder belongs to the running process, leaves a request file that
 * this process watches). The send step finishes the message in flight, leaves the rest PENDING
 * and ends STOPPED; the same {@code run} command resumes it.
 */
@Component
public class RunControl implements SendGate.Opener {

	private static final Logger log = LoggerFactory.getLogger(RunControl.class);

	private final JobOperator jobOperator;

	private final AtomicReference<JobExecution> current = new AtomicReference<>();

	private volatile String stopReason;

	private final Clock clock;

	public RunControl(JobOperator jobOperator, Clock clock) {
		this.jobOperator = jobOperator;
		this.clock = clock;
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

	/** The gate of a local run: its wave's cap counted here, a stop of this process's execution. */
	@Override
	public SendGate open(RunParameters run) {
		return new WaveGate(run, WaveGate.countedHere(run.waveCap()), new WaveGate.Stops() {
			@Override
			public boolean requested() {
				return stopRequested();
			}

			@Override
			public void request(String reason) {
				requestStop(reason);
			}
		}, clock);
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
