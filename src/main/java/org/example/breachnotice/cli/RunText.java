package org.example.breachnotice.cli;

import java.io.PrintStream;
import java.util.stream.Collectors;

import org.example.breachnotice.ledger.LedgerVerifier;
import org.example.breachnotice.notification.RunEvent;
import org.example.breachnotice.notification.RunReport;
import org.example.breachnotice.notification.RunResult;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox.InFlight;

/** What {@code run}, {@code retry-failed} and {@code serve} print of a run: its progress as it goes, then how it ended and what to do next. */
public final class RunText implements RunReport {

	private final PrintStream out;

	private RunText(PrintStream out) {
		this.out = out;
	}

	public static RunText on(PrintStream out) {
		return new RunText(out);
	}

	@Override
	public void progress(RunEvent event) {
		if (event instanceof RunEvent.Retrying r) {
			out.printf("Retrying %d notice(s) of incident %s (retry %s)%n", r.notices(), r.incident(), r.retry());
		}
		else if (event instanceof RunEvent.LiveSendApproved a) {
			out.printf("Live send: preflight passed; approval signed by %s (key %s) at %s (ledger entry %d); operator %s%n",
					a.approval().approvedBy(), a.approval().keyId(), a.approval().approvedAt(), a.approval().seq(), a.operator());
		}
		else if (event instanceof RunEvent.DeadExecutionRecovered d) {
			out.printf("Execution %d was left %s by a process that no longer runs (crash or kill -9): marked FAILED, resuming.%n",
					d.executionId(), d.left());
		}
		else if (event instanceof RunEvent.Launching l) {
			out.printf("Incident %s: transport %s, output in %s%n", l.incident(), l.transport(), l.output());
		}
	}

	@Override
	public void result(RunResult result) {
		String incident = result.incident();
		switch (result.ending()) {
			case NOTHING_TO_RETRY -> {
				out.println("Incident " + incident + " has no " + result.reason()
						+ " notice to retry (permanent failures are never retried automatically).");
				return;
			}
			case ABANDONED -> {
				out.printf("Incident %s with these input files cannot resume: execution %d was abandoned. Nothing is sent.%n",
						incident, result.execution().id());
				return;
			}
			case CANNOT_RESUME -> {
				out.printf("Incident %s with these input files cannot resume: %s%n", incident, result.reason());
				return;
			}
			case ALREADY_COMPLETED -> out.printf("Incident %s with these input files was already completed: nothing is sent again.%n",
					incident);
			default -> execution(result.execution());
		}
		if (result.dryRun() != null) {
			dryRun(result.dryRun());
			return;
		}
		outcome(result.outcome());
		switch (result.ending()) {
			case DEFERRED -> out.printf("Deferred: %d notice(s) wait for their next attempt (4xx replies or broken connections), the"
					+ " first at %s. Run the same command again then (serve does it at its next wave).%n",
					result.outcome().counts().of(NoticeStatus.DEFERRED), result.outcome().nextDeferredAttempt());
			case STOPPED -> out.println("Stopped: notices not yet sent are PENDING. Run the same command again to resume.");
			case FAILED -> out.println("Fix the cause above, then run the same command again: it resumes where it stopped.");
			default -> {
			}
		}
	}

	private void execution(RunResult.Execution execution) {
		out.printf("Execution %d ended %s%n", execution.id(), execution.status());
		execution.errors().forEach(error -> out.println("  error: " + error));
		for (InFlight recovery : execution.recoveries()) {
			if (recovery.inFlight() > 0) {
				out.printf("  %d notice(s) were in flight when a previous run died: %d settled from the attempt journal, %d had"
						+ " not reached the relay (sent now), %d UNKNOWN%n", recovery.inFlight(), recovery.recovered(),
						recovery.released(), recovery.markedUnknown());
			}
			if (recovery.markedUnknown() > 0) {
				out.printf("  %d notice(s) in flight are now UNKNOWN%s%n", recovery.markedUnknown(), execution.resendUnknown()
						? " and queued again (--resend-unknown; a second copy is flagged as a possible duplicate)"
						: " (not resent: use --resend-unknown to send them again, accepting a possible second copy)");
			}
		}
	}

	private void dryRun(RunResult.DryRun dryRun) {
		out.printf("Dry run: nothing was sent. %d notice(s) would go out:%n", dryRun.notices());
		dryRun.counts().stream().filter(count -> !count.dimension().equals("organization"))
			.forEach(count -> out.printf("  %-18s %-28s %6s%n", count.dimension(), count.value(), count.notices()));
		out.println("  per organization, and all of the above: " + dryRun.countsFile());
		out.println("  one sample .eml per template variant:  " + dryRun.samples());
		out.println("  one HTML preview per template variant: " + dryRun.previews());
		out.println("  rejects: " + dryRun.rejects() + ", summary: " + dryRun.summary());
		dryRun.withheldValues().forEach(out::println);
	}

	private void outcome(RunResult.Outcome outcome) {
		NoticeCounts counts = outcome.counts();
		out.println("Notices: " + counts.byStatus().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(", ")));
		if (counts.undelivered() > 0) {
			out.printf("  %d notice(s) not delivered: they need a retry or a substitute notice (ledger export lists each"
					+ " outcome with its SMTP reply).%n", counts.undelivered());
		}
		outcome.lateRetries().forEach(late -> out.printf("  warning: deferred person notices in %s are retried until %s, after"
				+ " the legal deadline (%s): consider a substitute notice for them.%n", late.jurisdiction(), late.lastAttempt(),
				late.due()));
		if (counts.possibleDuplicates() > 0) {
			out.printf("  %d notice(s) may have reached their recipient twice (a connection broke after the message was"
					+ " handed over, then it was sent again): their ledger entries say possible_duplicate.%n",
					counts.possibleDuplicates());
		}
		if (outcome.pickup() != null) {
			out.println("  messages (pickup): " + outcome.pickup());
		}
		out.println("  rejects:           " + outcome.rejects());
		out.println("  summary:           " + outcome.summary());
		LedgerVerifier.Result ledger = outcome.ledger();
		out.printf("  ledger:            %d entries, head %s, %s%n", ledger.entries(), ledger.headHash(),
				ledger.valid() ? "verified" : "BROKEN: " + ledger.problem());
		if (ledger.valid() && ledger.checkpoints() > 0 && ledger.unanchored() == 0) {
			out.println("  signed checkpoints: " + ledger.checkpoints() + " in the anchor file, the last covers every entry");
		}
		else if (ledger.valid() && ledger.unanchored() > 0) {
			out.println("  WARNING: " + ledger.unanchored() + " entries are under no signed checkpoint (the log says why):"
					+ " run `ledger checkpoint` once the anchor folder is writable");
		}
	}

	/** Prints the run's result and returns its exit code. */
	public int ended(RunResult result) {
		result(result);
		return result.exitCode();
	}

}
