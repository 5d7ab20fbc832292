package org.example.breachnotice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.notification.Executions;

@Command(name = "abandon", mixinStandardHelpOptions = true,
		description = "Marks the stopped or failed execution of an incident ABANDONED: it never resumes, and its notices "
				+ "still PENDING become CANCELLED (recorded in the ledger). Exit codes: 0 abandoned, 1 nothing to abandon.")
class AbandonCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "INCIDENT")
	String incident;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		try (SpringOptions.Session session = spring.open(springArguments)) {
			List<Executions.Abandoned> abandoned = session.bean(Executions.class).abandon(incident);
			abandoned.forEach(a -> System.out.printf("Execution %d abandoned: it will not resume; %d pending notice(s) cancelled.%n",
					a.executionId(), a.cancelled()));
			if (abandoned.isEmpty()) {
				System.out.println("Incident " + incident + " has no stopped or failed execution to abandon.");
				return 1;
			}
			return 0;
		}
	}

}
