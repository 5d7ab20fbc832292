package org.example.breachnotice.cli;

import picocli.CommandLine.Option;

import org.example.breachnotice.campaign.Campaign;

/** Who launches a send, and over which transport: shared by {@code run} and {@code retry-failed}. */
class LaunchOptions {

	@Option(names = "--transport", paramLabel = "smtp|pickup",
			description = "Overrides delivery.transport of the job file. pickup writes .eml files and e-mails nobody.")
	String transport;

	@Option(names = "--operator", paramLabel = "NAME", defaultValue = "${env:BREACH_NOTICE_OPERATOR}",
			description = "Who launches (default: $BREACH_NOTICE_OPERATOR). A live send refuses an operator who approved it.")
	String operator;

	@Option(names = "--workers", paramLabel = "local|remote",
			description = "Overrides delivery.workers: remote hands the send partitions to `worker` processes through the broker"
					+ " (spring.artemis.broker-url); PostgreSQL only.")
	String workers;

	/** The campaign with {@code --workers} applied. */
	Campaign withWorkers(Campaign campaign) {
		if (workers == null) {
			return campaign;
		}
		if (!workers.equals(Campaign.Delivery.LOCAL_WORKERS) && !workers.equals(Campaign.Delivery.REMOTE_WORKERS)) {
			throw new IllegalArgumentException("--workers must be local or remote, not '" + workers + "'");
		}
		return campaign.withDelivery(campaign.delivery().withWorkers(workers));
	}

	/** The transport to use: the option, else the job file's. */
	String transport(Campaign campaign) {
		String chosen = transport != null ? transport : campaign.delivery().transport();
		if (!chosen.equals("smtp") && !chosen.equals("pickup")) {
			throw new IllegalArgumentException("--transport must be smtp or pickup, not '" + chosen + "'");
		}
		return chosen;
	}

}
