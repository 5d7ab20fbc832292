package org.example.breachnotice.notification;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.core.BatchStatus;

import org.example.breachnotice.ledger.LedgerVerifier;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.Outbox.InFlight;

/**
 * How a run or a retry ended, with what its operator needs to know next. {@code execution} is
 * null when no job ran; {@code outcome} is null for a dry run (then {@code dryRun} says what would
 * go out) and when nothing could start.
 *
 * @param reason why a job could not resume ({@link Ending#CANNOT_RESUME}); which notices a retry
 *        looked for ({@link Ending#NOTHING_TO_RETRY})
 */
public record RunResult(String incident, Ending ending, Execution execution, String reason, Outcome outcome, DryRun dryRun) {

	/** How it ended, and the exit code of {@code run} for it (documented in the README). */
	public enum Ending {

		COMPLETED(0), NOTHING_TO_RETRY(0), ALREADY_COMPLETED(0), STOPPED(4), FAILED(5), ABANDONED(5), CANNOT_RESUME(5),
		DEFERRED(7);

		private final int exitCode;

		Ending(int exitCode) {
			this.exitCode = exitCode;
		}

		public int exitCode() {
			return exitCode;
		}

	}

	public int exitCode() {
		return ending.exitCode();
	}

	/**
	 * The execution that ran (or, for {@link Ending#ABANDONED}, the abandoned one): its errors
	 * with addresses masked, and what each in-flight recovery found.
	 */
	public record Execution(long id, BatchStatus status, List<String> errors, List<InFlight> recoveries,
			boolean resendUnknown) {
	}

	/**
	 * The incident after the run: notices by status, deferred retries past a legal deadline,
	 * where the files are, the ledger verified, and when the next deferred attempt is due (null:
	 * none).
	 *
	 * @param pickup the folder of .eml files, null when there is none
	 */
	public record Outcome(NoticeCounts counts, List<LateRetries> lateRetries, Path pickup, Path rejects, Path summary,
			LedgerVerifier.Result ledger, Instant nextDeferredAttempt) {
	}

	/** Deferred person notices of a jurisdiction retried until after its legal deadline. */
	public record LateRetries(String jurisdiction, Instant lastAttempt, LocalDate due) {
	}

	/** What a dry run would send, by dimension, and where its samples, previews and lists are. */
	public record DryRun(long notices, List<Count> counts, Path countsFile, Path samples, Path previews, Path rejects,
			Path summary, List<String> withheldValues) {
	}

	/** Notices of one value of a dimension ({@code type.locale}, {@code type.jurisdiction}, {@code organization}). */
	public record Count(String dimension, String value, long notices) {
	}

}
