package org.example.breachnotice.cli;

import java.io.PrintStream;

import org.example.breachnotice.compliance.ContentRules.Level;
import org.example.breachnotice.compliance.Finding;
import org.example.breachnotice.compliance.Preflight;

/** What {@code preflight} and {@code approve} print of the preflight's findings. */
final class PreflightText {

	private PreflightText() {
	}

	static void print(Preflight.Result result, PrintStream out) {
		out.printf("Preflight: %d template(s) rendered, jurisdictions %s: %d law, %d guidance, %d practice finding(s)%n",
				result.renderings().size(), result.jurisdictions(), result.count(Level.LAW), result.count(Level.GUIDANCE),
				result.count(Level.PRACTICE));
		for (Finding f : result.findings()) {
			out.printf("  %-8s %-18s %-28s %s: %s  [%s]%n", f.level(), f.ruleId(), f.where(), f.scope(), f.message(), f.cite());
		}
		if (result.blocking().isEmpty()) {
			out.println("No finding blocks a live send.");
		}
		else {
			out.println("Law findings block the live send; guidance findings need an override recorded by `approve`.");
		}
	}

}
