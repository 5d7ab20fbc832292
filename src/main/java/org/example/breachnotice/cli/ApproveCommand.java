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
import org.example.breachnotice.ledger.Ed25519;

@Command(name = "approve", mixinStandardHelpOptions = true,
		description = { "Signs, with your Ed25519 key, this job file, its rules file, templates and input files exactly as they are"
				+ " now, and records the approval in the ledger. The key's public half must be in the job's approvers keyring.",
				"A live send refuses to start without a matching approval, or when its operator is the approver.",
				"Exit codes: 0 approved, 6 refused (law findings, or guidance findings without --override)." })
class ApproveCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "JOB_FILE")
	Path jobFile;

	@Option(names = "--key", required = true, paramLabel = "FILE",
			description = "Your key-pair file (from `keys generate`); your name comes from the keyring.")
	Path key;

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
		PreflightText.print(preflight, System.out);
		try (SpringOptions.Session session = spring.open(springArguments)) {
			Approvals.Approval approval = session.bean(Approvals.class).approve(campaign, preflight, Ed25519.readPair(key), overrides);
			System.out.printf("Approved by %s, signed with key %s (ledger entry %d): %d files by SHA-256 (job file, rules,"
					+ " templates, input files). Changing any of them voids this approval.%n", approval.approvedBy(),
					approval.keyId(), approval.seq(), approval.files().size());
			return 0;
		}
	}

}
