package org.example.breachnotice.outbox;

import java.util.Map;

/**
 * How many notices (of an incident, or of one value of a {@link OutboxQueries.Dimension}) are in
 * each status, every status present (zero when none), and how many of them may have reached their
 * recipient twice.
 */
public record NoticeCounts(Map<NoticeStatus, Long> byStatus, long possibleDuplicates) {

	public long of(NoticeStatus status) {
		return byStatus.get(status);
	}

	public long total() {
		return byStatus.values().stream().mapToLong(Long::longValue).sum();
	}

	/** Notices in {@link NoticeStatus#UNDELIVERED}. */
	public long undelivered() {
		return NoticeStatus.UNDELIVERED.stream().mapToLong(this::of).sum();
	}

}
