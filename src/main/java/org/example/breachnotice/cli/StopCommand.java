package org.example.breachnotice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.notification.RunControl;

@Command(name = "stop", mixinStandardHelpOptions = true,
		description = { "Asks the run in progress to stop gracefully: the message in flight finishes, the rest stays PENDING, "
				+ "the execution ends STOPPED and the same run command resumes it. (SIGTERM does the same.)",
				"Exit codes: 0 requested, 1 no run in progress." })
class StopCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "INCIDENT")
	String incident;

	@Option(names = "--home", defaultValue = "var", paramLabel = "FOLDER", description = "State folder (default: ${DEFAULT-VALUE}).")
	Path home;

	@Override
	public Integer call() throws Exception {
		Campaign.requireIncidentId(incident);
		Path folder = home.toAbsolutePath().normalize();
		try (StateFolder idle = StateFolder.lock(folder)) {
			System.out.println("No run is in progress in " + folder + ": nothing to stop.");
			return 1;
		}
		catch (StateFolder.StateFolderBusy running) {
			// The running process owns the database; it watches for this file.
			Path request = RunControl.stopRequest(folder, incident);
			Files.createDirectories(request.getParent());
			Files.writeString(request, "stop requested by pid " + ProcessHandle.current().pid());
			System.out.println("Stop requested for incident " + incident + ": the run finishes the message in flight and ends "
					+ "STOPPED. Resume with the same run command.");
			return 0;
		}
	}

}
