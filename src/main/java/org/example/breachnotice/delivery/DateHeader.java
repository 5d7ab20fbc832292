package org.example.breachnotice.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The Date header (RFC 5322 3.3) of the messages sent now, formatted once per second and shared by
 * the send threads. Jakarta Mail's {@code setSentDate} formats every message's date under one lock
 * for the whole process.
 */
final class DateHeader {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US)
		.withZone(ZoneOffset.UTC);

	private record Formatted(long second, String text) {
	}

	private final Clock clock;

	private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

	DateHeader(Clock clock) {
		this.clock = clock;
	}

	String now() {
		Instant now = clock.instant();
		Formatted formatted = last;
		if (formatted.second() != now.getEpochSecond()) {
			formatted = new Formatted(now.getEpochSecond(), FORMAT.format(now));
			last = formatted;
		}
		return formatted.text();
	}

}
