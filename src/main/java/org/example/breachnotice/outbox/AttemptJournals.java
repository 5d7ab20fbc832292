package org.example.breachnotice.outbox;

import java.util.Map;
import java.util.Optional;

import org.example.breachnotice.outbox.Outbox.Evidence;

/**
 * What recovery learns from the send partitions' attempt journals: how far each notice a dead
 * process had claimed got. A claim names its journal ({@code notice.claimed_by}).
 */
public interface AttemptJournals {

	/**
	 * The attempts recorded by the journal of one claim, by notice id; empty when that journal is
	 * not on this machine (sent from another host, or lost with the host's power).
	 */
	Optional<Map<Long, Attempt>> read(String claimId);

	/** How far the last attempt at one notice got. */
	enum Stage {
		/** Recorded before MAIL FROM: the relay cannot have accepted anything yet. */
		STARTED,
		/** Recorded before the final "." of DATA: the relay may have accepted it. */
		END_OF_DATA,
		/** The outcome is known (the relay's final reply, or what the partition decided). */
		FINISHED
	}

	/** One notice's journaled attempt; {@code status}, reply, evidence and next attempt only when FINISHED. */
	record Attempt(Stage stage, NoticeStatus status, Integer replyCode, String replyText, Evidence evidence,
			java.time.Instant nextAttemptAt) {

		public static final Attempt STARTED = new Attempt(Stage.STARTED, null, null, null, Evidence.NONE, null);

		public static final Attempt END_OF_DATA = new Attempt(Stage.END_OF_DATA, null, null, null, Evidence.NONE, null);

	}

}
