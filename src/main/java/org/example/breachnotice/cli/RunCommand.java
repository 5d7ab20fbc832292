package org.example.breachnotice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.notification.NotificationRunner;
import org.example.breachnotice.notification.RunControl;
import org.example.breachnotice.notification.RunOptions;

@Command(name = "run", mixinStandardHelpOptions = true,
		description = { "Runs the notification job of a job file; the same command again resumes it after a failure or a crash.",
				"A live send (smtp) first runs preflight and checks the four-eyes approval (see approve).",
				"Exit codes: 0 completed, 2 bad job file or option, 3 state folder in use, 4 stopped, 5 failed (run again to resume),",
				"6 refused by preflight or approval." })
class RunCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "JOB_FILE", description = "The incident's job file, e.g. jobs/mixpanel-2025-11.yaml")
	Path jobFile;

	@Option(names = "--resend-unknown",
			description = "Send again the notices whose outcome is UNKNOWN (in flight when a run died): nobody is missed, "
					+ "but someone whose message the server had accepted gets a second copy (at-least-once).")
	boolean resendUnknown;

	@Option(names = "--dry-run",
			description = "Ingest, deduplicate and render the whole population, send nothing: counts, one sample .eml and one "
					+ "HTML preview per template, in <home>/dry-run/out/<incident>/ (a throw-away state of its own).")
	boolean dryRun;

	@Option(names = "--connections", paramLabel = "N",
			description = "Send partitions, one SMTP connection each (overrides delivery.connections).")
	Integer connections;

	@Mixin
	LaunchOptions launch;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		Campaign loaded = CampaignLoader.load(jobFile);
		if (connections != null && connections < 1) {
			throw new IllegalArgumentException("--connections must be at least 1");
		}
		Campaign campaign = launch.withWorkers(connections == null ? loaded
				: loaded.withDelivery(loaded.delivery().withConnections(connections)));
		String chosen = launch.transport(campaign);
		boolean resend = resendUnknown || campaign.delivery().resendUnknown();
		if (dryRun) {
			chosen = "dry-run";
			spring.home = spring.home.resolve("dry-run");
		}
		GracefulStop[] graceful = new GracefulStop[1];
		try (SpringOptions.Session session = spring.open(springArguments, dryRun)) {
			RunControl control = session.bean(RunControl.class);
			graceful[0] = new GracefulStop(() -> control.requestStop("SIGTERM"));
			RunText text = RunText.on(System.out);
			return text.ended(session.bean(NotificationRunner.class).run(campaign, new RunOptions(chosen, resend, launch.operator),
					text::progress));
		}
		finally {
			if (graceful[0] != null) {
				graceful[0].close();
			}
		}
	}

}
