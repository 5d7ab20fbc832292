package org.example.breachnotice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.notification.Executions;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.report.SubstituteNotice;

@Command(name = "substitute-notice", mixinStandardHelpOptions = true,
		description = { "Writes the public notice for the people direct notice could not reach (HTML and text, every locale,"
				+ " no personal data) into <home>/out/<incident>/substitute-notice/, and says how many they are per jurisdiction"
				+ " and what each law asks.", "Exit code 6 when preflight finds a blocking problem in the substitute templates." })
class SubstituteNoticeCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "INCIDENT|JOB_FILE",
			description = "The incident id (its job file is the one its last run used) or the job file itself.")
	String incidentOrJobFile;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		try (SpringOptions.Session session = spring.open(springArguments)) {
			Path jobFile = session.bean(Executions.class).jobFileOf(incidentOrJobFile);
			var campaign = CampaignLoader.load(jobFile);
			SubstituteNotice.Written written = session.bean(SubstituteNotice.class)
				.write(campaign, OutputFolder.of(spring.home.toAbsolutePath(), campaign.incidentId()).root().resolve("substitute-notice"));
			if (!written.blocking().isEmpty()) {
				written.blocking().forEach(f -> System.out.printf("  %-8s %-18s %s: %s  [%s]%n", f.level(), f.ruleId(), f.template(),
						f.message(), f.cite()));
				System.out.println("Nothing written: fix the substitute templates (templates/substitute.*), then run this again.");
				return 6;
			}
			System.out.println("Public notice (no personal data; publish it on your own channels, approved like every template):");
			written.files().forEach(file -> System.out.println("  " + file));
			if (written.populations().isEmpty()) {
				System.out.println("Every person notice was delivered or is still being sent: nobody needs the substitute notice yet.");
			}
			written.populations().forEach(p -> System.out.printf("%s: %d person notice(s) undeliverable. %s%n", p.jurisdiction(),
					p.undeliverable(), p.ask() == null ? "(the rules file says nothing of a substitute notice here)"
							: p.ask().text() + " [" + p.ask().cite() + "]"));
			return 0;
		}
	}

}
