package org.example.breachnotice.report;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.NoticeStatus;

/**
 * The geometry of the report's two pictures, for the template to draw as inline SVG (no script,
 * nothing fetched): person notices delivered over time against each legal deadline, and the
 * outcomes by jurisdiction.
 */
final class ReportCharts {

	private static final int WIDTH = 720, LEFT = 60, RIGHT = 690, TOP = 16, BOTTOM = 180, HEIGHT = 200;

	private static final int BAR_LEFT = 90, BAR_WIDTH = 520, ROW = 24;

	private ReportCharts() {
	}

	/** A step line of the cumulative deliveries per day, and a dashed line at each jurisdiction's due date. */
	static Map<String, Object> timeline(SortedMap<LocalDate, Long> sentPerDay, Map<String, LocalDate> dueDates, LocalDate learned) {
		LocalDate first = sentPerDay.isEmpty() || learned.isBefore(sentPerDay.firstKey()) ? learned : sentPerDay.firstKey();
		LocalDate last = first.plusDays(1);
		for (LocalDate day : sentPerDay.keySet()) {
			last = day.plusDays(1).isAfter(last) ? day.plusDays(1) : last;
		}
		for (LocalDate due : dueDates.values()) {
			last = due.plusDays(1).isAfter(last) ? due.plusDays(1) : last;
		}
		double days = ChronoUnit.DAYS.between(first, last);
		long total = sentPerDay.values().stream().mapToLong(Long::longValue).sum();
		StringBuilder points = new StringBuilder();
		long sent = 0;
		for (Map.Entry<LocalDate, Long> day : sentPerDay.entrySet()) {
			double x = x(first, day.getKey(), days);
			points.append(number(x)).append(',').append(number(y(sent, total))).append(' ');
			sent += day.getValue();
			points.append(number(x)).append(',').append(number(y(sent, total))).append(' ');
		}
		if (!sentPerDay.isEmpty()) {
			points.append(RIGHT).append(',').append(number(y(sent, total)));
		}
		List<Map<String, Object>> deadlines = new ArrayList<>();
		dueDates.forEach((code, due) -> deadlines.add(Map.of("x", number(x(first, due.plusDays(1), days)), "label", code + " due " + due)));
		Map<String, Object> chart = new LinkedHashMap<>();
		chart.put("width", WIDTH);
		chart.put("height", HEIGHT);
		chart.put("left", LEFT);
		chart.put("right", RIGHT);
		chart.put("top", TOP);
		chart.put("bottom", BOTTOM);
		chart.put("maxLabel", Long.toString(total));
		chart.put("firstDay", first.toString());
		chart.put("lastDay", last.toString());
		chart.put("points", points.toString().strip());
		chart.put("deadlines", deadlines);
		return chart;
	}

	/** One bar per jurisdiction: delivered, not delivered, still open (pending, deferred, in flight, cancelled). */
	static Map<String, Object> outcomes(Map<String, NoticeCounts> byJurisdiction) {
		long widest = Math.max(1, byJurisdiction.values().stream().mapToLong(NoticeCounts::total).max().orElse(1));
		List<Map<String, Object>> rows = new ArrayList<>();
		int y = 6;
		for (Map.Entry<String, NoticeCounts> entry : byJurisdiction.entrySet()) {
			NoticeCounts counts = entry.getValue();
			long delivered = counts.of(NoticeStatus.SENT);
			long undelivered = counts.undelivered();
			long open = counts.total() - delivered - undelivered;
			List<Map<String, Object>> segments = new ArrayList<>();
			double x = BAR_LEFT;
			for (Object[] part : new Object[][] { { delivered, "#0a7a2f", "delivered" }, { undelivered, "#b00020", "not delivered" },
					{ open, "#9e9e9e", "still open" } }) {
				double width = BAR_WIDTH * (long) part[0] / (double) widest;
				if (width > 0) {
					segments.add(Map.of("x", number(x), "width", number(width), "color", part[1],
							"title", entry.getKey() + ": " + part[0] + " " + part[2]));
				}
				x += width;
			}
			rows.add(Map.of("label", entry.getKey(), "y", y, "segments", segments, "end", number(x), "total", counts.total()));
			y += ROW;
		}
		List<Map<String, Object>> legend = List.of(Map.of("x", BAR_LEFT, "color", "#0a7a2f", "label", "delivered"),
				Map.of("x", BAR_LEFT + 110, "color", "#b00020", "label", "not delivered"),
				Map.of("x", BAR_LEFT + 240, "color", "#9e9e9e", "label", "still open"));
		return Map.of("width", WIDTH, "height", y + 24, "left", BAR_LEFT, "rows", rows, "legend", legend);
	}

	private static double x(LocalDate first, LocalDate day, double days) {
		return LEFT + (RIGHT - LEFT) * ChronoUnit.DAYS.between(first, day) / days;
	}

	private static double y(long sent, long total) {
		return total == 0 ? BOTTOM : BOTTOM - (BOTTOM - TOP) * sent / (double) total;
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
