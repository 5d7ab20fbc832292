package org.example.breachnotice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.retention.Erasure;

@Command(name = "erase", mixinStandardHelpOptions = true,
		description = { "End of retention: clears every address and name of an incident from the state folder (staged rows,"
				+ " notices, the addresses beside ledger entries, the .eml files and undelivered.csv). Statuses, dates,"
				+ " replies and the ledger stay; `ledger verify` stays green and `ledger find` still finds a person.",
				"Exit codes: 0 erased, 2 refused (notices still to send, or no --confirm)." })
class EraseCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "INCIDENT")
	String incident;

	@Option(names = "--confirm", description = "Required: erasure cannot be undone.")
	boolean confirm;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		if (!confirm) {
			System.out.println("Erasure cannot be undone: add --confirm to erase the addresses and names of incident " + incident + ".");
			return BreachNoticeCommand.USAGE;
		}
		try (SpringOptions.Session session = spring.open(springArguments)) {
			Erasure erasure = session.bean(Erasure.class);
			Erasure.Result result = erasure.erase(incident);
			erasure.compact();
			System.out.printf("Erased incident %s: %d staged row(s) deleted, %d notice(s) and %d ledger entr(ies) without"
					+ " addresses, %d output file(s) or folder(s) deleted; recorded in the ledger (ADDRESSES_ERASED).%n",
					incident, result.stagedRows(), result.notices(), result.ledgerEntries(), result.files().size());
			System.out.println("Not in the state folder, so not erased: the input files the job file names, backups,"
					+ " and the relay's and mailboxes' own logs.");
			return 0;
		}
		catch (IllegalStateException refused) {
			System.out.println(refused.getMessage());
			return BreachNoticeCommand.USAGE;
		}
	}

}
