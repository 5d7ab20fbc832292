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
import org.example.breachnotice.notification.Executions;
import org.example.breachnotice.notification.NotificationRunner;
import org.example.breachnotice.notification.RunOptions;

@Command(name = "retry-failed", mixinStandardHelpOptions = true,
		description = { "Sends again only the notices of an incident that failed transiently (4xx, relay trouble), and with "
				+ "--include-unknown those whose outcome is UNKNOWN, as a new ledger segment. Permanent failures are never retried.",
				"Exit codes as for run." })
class RetryFailedCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "INCIDENT|JOB_FILE",
			description = "The incident id (its job file is the one its last run used) or the job file itself.")
	String incidentOrJobFile;

	@Option(names = "--include-unknown", description = "Also resend UNKNOWN notices (in flight when a run died): a second copy is possible.")
	boolean includeUnknown;

	@Mixin
	LaunchOptions launch;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		try (SpringOptions.Session session = spring.open(springArguments)) {
			Path jobFile = session.bean(Executions.class).jobFileOf(incidentOrJobFile);
			Campaign campaign = launch.withWorkers(CampaignLoader.load(jobFile));
			String chosen = launch.transport(campaign);
			RunText text = RunText.on(System.out);
			return text.ended(session.bean(NotificationRunner.class).retry(campaign, new RunOptions(chosen, false, launch.operator),
					includeUnknown, text::progress));
		}
	}

}
