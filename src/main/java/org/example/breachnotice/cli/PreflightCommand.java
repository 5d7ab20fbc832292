package org.example.breachnotice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.compliance.Preflight;
import org.example.breachnotice.compliance.PreflightReport;
import org.example.breachnotice.delivery.DkimSigning;
import org.example.breachnotice.ingest.WithheldValues;
import org.example.breachnotice.campaign.OutputFolder;

@Command(name = "preflight", mixinStandardHelpOptions = true,
		description = { "Renders every notice type x locale x jurisdiction variant and checks it against the content rules "
				+ "and the anti-phishing lint. Runs by itself before every live send.",
				"Exit codes: 0 nothing blocks a live send, 1 findings block it, 2 bad job file or rules file." })
class PreflightCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "JOB_FILE")
	Path jobFile;

	@Option(names = "--home", defaultValue = "var", paramLabel = "FOLDER", description = "State folder (default: ${DEFAULT-VALUE}).")
	Path home;

	@Option(names = "--output", paramLabel = "FILE", description = "HTML report (default: <home>/out/<incident>/preflight.html).")
	Path output;

	@Override
	public Integer call() throws Exception {
		Campaign campaign = CampaignLoader.load(jobFile);
		Preflight.Result result = Preflight.run(campaign);
		PreflightText.print(result, System.out);
		OutputFolder folder = OutputFolder.of(home, campaign.incidentId());
		Path file = output != null ? output : folder.root().resolve("preflight.html");
		PreflightReport.writeHtml(result, campaign, file);
		System.out.println("Report: " + file.toAbsolutePath());
		Files.createDirectories(folder.root());
		WithheldValues.report(WithheldValues.scan(campaign), folder.withheldValues()).forEach(System.out::println);
		DkimSigning dkim = DkimSigning.of(campaign);
		if (dkim == null) {
			System.out.println("DKIM: not signed (no sender.dkim): receivers cannot tell these notices from a forgery by"
					+ " signature; see the README, \"DKIM\".");
		}
		else {
			System.out.println("DKIM: every notice is signed for " + dkim.domain() + ". Publish this DNS record before the send:");
			System.out.println("  " + dkim.dnsRecord());
		}
		return result.blocking().isEmpty() ? 0 : 1;
	}

}
