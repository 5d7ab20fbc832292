package org.example.breachnotice.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;

import jakarta.mail.internet.MailDateFormat;
import org.junit.jupiter.api.Test;

import org.example.breachnotice.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class DateHeaderTests {

	@Test
	void isTheRfc5322DateOfTheClocksSecondAsJakartaMailReadsIt() throws Exception {
		Instant instant = Instant.parse("2026-12-06T23:05:09.750Z");
		String header = new DateHeader(Clock.fixed(instant, ZoneId.of("America/Sao_Paulo"))).now();
		assertThat(header).isEqualTo("Sun, 6 Dec 2026 23:05:09 +0000");
		assertThat(new MailDateFormat().parse(header)).isEqualTo(Date.from(instant.minusMillis(750)));
	}

	@Test
	void followsTheClockFromOneSecondToTheNext() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-31T23:59:59.900Z"));
		DateHeader dates = new DateHeader(clock);
		assertThat(dates.now()).isEqualTo("Sat, 31 Jan 2026 23:59:59 +0000");
		clock.set(Instant.parse("2026-02-01T00:00:00.050Z"));
		assertThat(dates.now()).isEqualTo("Sun, 1 Feb 2026 00:00:00 +0000");
	}

}
