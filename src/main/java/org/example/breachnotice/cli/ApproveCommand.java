package org.example.breachnotice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.compliance.Approvals;
import org.example.breachnotice.compliance.Preflight;
import org.example.breachnotice.compliance.PreflightReport;

@Command(name = "approve", mixinStandardHelpOptions = true,
		description = { "Records in the ledger that NAME approved this job file, its rules file and templates, exactly as they are now.",
				"A live send refuses to start without a matching approval, or when its operator is the approver.",
				"Exit codes: 0 approved, 6 refused (law findings, or guidance findings without --override)." })
class ApproveCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "JOB_FILE")
	Path jobFile;

	@Option(names = "--by", required = true, paramLabel = "NAME", description = "Who approves (not the operator who will launch).")
	String approver;

	@Option(names = "--override", paramLabel = "RULE=REASON",
			description = "Accept a guidance finding, with the reason recorded in the ledger. Repeatable.")
	Map<String, String> overrides = new LinkedHashMap<>();

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		Campaign campaign = CampaignLoader.load(jobFile);
		Preflight.Result preflight = Preflight.run(campaign);
		PreflightReport.print(preflight, System.out);
		try (SpringOptions.Session session = spring.open(springArguments)) {
			long seq = session.bean(Approvals.class).approve(campaign, preflight, approver, overrides);
			System.out.printf("Approved by %s (ledger entry %d): %d files by SHA-256 (job file, rules, templates). "
					+ "Changing any of them voids this approval.%n", approver, seq, Approvals.fingerprint(campaign).size());
			return 0;
		}
	}

}
