package org.example.breachnotice.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.bounces.BounceImport;
import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.notification.NotificationRunner;
import org.example.breachnotice.notification.RunControl;
import org.example.breachnotice.notification.RunOptions;
import org.example.breachnotice.schedule.WaveScheduler;

@Command(name = "serve", mixinStandardHelpOptions = true,
		description = { "Runs as a service that launches each job file's waves on its schedule (cron, send window, cap per wave), "
				+ "one wave at a time, and serves /actuator/health and /actuator/prometheus (port: --server.port, default 8080; on 127.0.0.1 unless --server.address).",
				"SIGTERM stops the wave in progress gracefully; the next start resumes it." })
class ServeCommand implements Callable<Integer> {

	@Parameters(arity = "1..*", paramLabel = "JOB_FILE")
	List<Path> jobFiles;

	@Option(names = "--operator", paramLabel = "NAME", defaultValue = "${env:BREACH_NOTICE_OPERATOR}",
			description = "Who launches the live waves (default: $BREACH_NOTICE_OPERATOR).")
	String operator;

	@Option(names = "--exit-when-done", description = "Exit once every campaign has completed.")
	boolean exitWhenDone;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		List<Campaign> campaigns = jobFiles.stream().map(CampaignLoader::load).toList();
		List<String> arguments = new ArrayList<>(springArguments);
		arguments.add("--spring.main.web-application-type=servlet");
		GracefulStop[] graceful = new GracefulStop[1];
		try (SpringOptions.Session session = spring.open(arguments)) {
			WaveScheduler scheduler = new WaveScheduler(session.bean(NotificationRunner.class), session.bean(BounceImport.class),
					System.getenv("BREACH_NOTICE_IMAP_PASSWORD"), session.bean(Clock.class), RunText.on(System.out));
			for (Campaign campaign : campaigns) {
				scheduler.add(campaign, new RunOptions(campaign.delivery().transport(), campaign.delivery().resendUnknown(), operator));
				System.out.printf("Serving %s: cron \"%s\" (%s), wave cap %s%n", campaign.incidentId(), campaign.schedule().cron(),
						campaign.schedule().zone(), campaign.schedule().waveCap() == 0 ? "none" : campaign.schedule().waveCap());
			}
			RunControl control = session.bean(RunControl.class);
			graceful[0] = new GracefulStop(() -> {
				scheduler.stop();
				control.requestStop("SIGTERM");
			});
			while (!scheduler.stopping() && !(exitWhenDone && scheduler.allDone())) {
				scheduler.tick();
				Thread.sleep(exitWhenDone && scheduler.allDone() ? 0 : 1000);
			}
			return 0;
		}
		finally {
			if (graceful[0] != null) {
				graceful[0].close();
			}
		}
	}

}
