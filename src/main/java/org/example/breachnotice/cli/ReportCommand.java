package org.example.breachnotice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.report.IncidentReport;

@Command(name = "report", mixinStandardHelpOptions = true,
		description = "Writes the incident report (HTML and CSV) and the list of undelivered notices into <home>/out/<incident>/.")
class ReportCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "INCIDENT", description = "The incident id, e.g. mixpanel-2025-11")
	String incident;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		try (SpringOptions.Session session = spring.openReadOnly(springArguments)) {
			IncidentReport.ReportFiles files = session.bean(IncidentReport.class)
				.write(incident, OutputFolder.of(spring.home.toAbsolutePath(), incident).root());
			System.out.println("Report:      " + files.html());
			System.out.println("CSV:         " + files.csv());
			System.out.println("Undelivered: " + files.undelivered() + " (complete addresses: personal data, share with care)");
			return 0;
		}
	}

}
