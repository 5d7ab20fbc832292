package org.example.breachnotice.compliance;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import org.example.breachnotice.compliance.ContentRules.Deadline;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlinesTests {

	static final Deadline BR = new Deadline(3, 0, "BR");

	@Test
	void threeBusinessDaysSkipWeekends() {
		// The seed incident: learned Tuesday 25 November 2025.
		assertThat(Deadlines.due(BR, LocalDate.of(2025, 11, 25))).isEqualTo(LocalDate.of(2025, 11, 28));
		assertThat(Deadlines.due(BR, LocalDate.of(2025, 11, 27))).isEqualTo(LocalDate.of(2025, 12, 2));
	}

	@Test
	void brazilianNationalHolidaysDoNotCount() {
		// 20 November (Consciência Negra, national since 2024) falls on a Thursday in 2025.
		assertThat(Deadlines.due(BR, LocalDate.of(2025, 11, 18))).isEqualTo(LocalDate.of(2025, 11, 24));
		// Good Friday 2026 is 3 April (Easter 5 April).
		assertThat(Deadlines.easter(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
		assertThat(Deadlines.due(BR, LocalDate.of(2026, 4, 1))).isEqualTo(LocalDate.of(2026, 4, 7));
		// Christmas and New Year.
		assertThat(Deadlines.due(BR, LocalDate.of(2025, 12, 23))).isEqualTo(LocalDate.of(2025, 12, 29));
		assertThat(Deadlines.due(BR, LocalDate.of(2025, 12, 30))).isEqualTo(LocalDate.of(2026, 1, 5));
	}

	@Test
	void carnivalIsAnOptionalDayOffAndCounts() {
		// Carnival Monday and Tuesday 2026: 16 and 17 February.
		assertThat(Deadlines.due(BR, LocalDate.of(2026, 2, 13))).isEqualTo(LocalDate.of(2026, 2, 18));
	}

	@Test
	void calendarDaysForCalifornia() {
		assertThat(Deadlines.due(new Deadline(0, 30, ""), LocalDate.of(2025, 11, 25))).isEqualTo(LocalDate.of(2025, 12, 25));
		assertThat(Deadlines.due(null, LocalDate.of(2025, 11, 25))).isNull();
	}

}
