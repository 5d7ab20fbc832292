package org.example.breachnotice.compliance;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.HashSet;
import java.util.Set;

import org.example.breachnotice.compliance.ContentRules.Deadline;

/**
 * Legal deadlines counted from the day the controller learned of the incident. Business days
 * skip weekends and Brazil's national holidays (Lei 662/1949, 6.802/1980, 14.759/2023 and Good
 * Friday); carnival and Corpus Christi are optional days off ("ponto facultativo"), not holidays,
 * so they count.
 */
public final class Deadlines {

	private static final Set<MonthDay> BR_FIXED = Set.of(MonthDay.of(1, 1), MonthDay.of(4, 21), MonthDay.of(5, 1),
			MonthDay.of(9, 7), MonthDay.of(10, 12), MonthDay.of(11, 2), MonthDay.of(11, 15), MonthDay.of(12, 25));

	private Deadlines() {
	}

	/** The last day on which a notice is on time, or null when the jurisdiction sets no deadline. */
	public static LocalDate due(Deadline deadline, LocalDate learned) {
		if (deadline == null) {
			return null;
		}
		if (deadline.businessDays() > 0) {
			LocalDate day = learned;
			for (int counted = 0; counted < deadline.businessDays();) {
				day = day.plusDays(1);
				if (isBusinessDay(day)) {
					counted++;
				}
			}
			return day;
		}
		return deadline.calendarDays() > 0 ? learned.plusDays(deadline.calendarDays()) : null;
	}

	static boolean isBusinessDay(LocalDate day) {
		return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
				&& !brazilianHolidays(day.getYear()).contains(day);
	}

	static Set<LocalDate> brazilianHolidays(int year) {
		Set<LocalDate> days = new HashSet<>();
		BR_FIXED.forEach(monthDay -> days.add(monthDay.atYear(year)));
		if (year >= 2024) {
			days.add(LocalDate.of(year, 11, 20)); // Dia Nacional de Zumbi e da Consciência Negra
		}
		days.add(easter(year).minusDays(2)); // Good Friday
		return days;
	}

	/** Western Easter Sunday (anonymous Gregorian algorithm). */
	static LocalDate easter(int year) {
		int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
		int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
		int m = (a + 11 * h + 22 * l) / 451;
		int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
		return LocalDate.of(year, month, day);
	}

}
