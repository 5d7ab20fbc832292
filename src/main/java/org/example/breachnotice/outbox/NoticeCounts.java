package org.example.breachnotice.outbox;

import java.util.Map;

/**
 * How many notices of an incident are in each status (every status present, zero when none), and
 * how many of them may have reached their recipient twice: read in one pass over the incident's
 * notices, since {@code status} and the run's status snapshot ask for both every few seconds.
 */
public record NoticeCounts(Map<NoticeStatus, Long> byStatus, long possibleDuplicates) {

	public long of(NoticeStatus status) {
		return byStatus.get(status);
	}

	/** Notices in {@link NoticeStatus#UNDELIVERED}. */
	public long undelivered() {
		return NoticeStatus.UNDELIVERED.stream().mapToLong(this::of).sum();
	}

}
