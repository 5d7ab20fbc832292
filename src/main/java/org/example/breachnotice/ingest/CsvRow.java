package org.example.breachnotice.ingest;

import java.util.Map;

/**
 * One record of an input CSV, keyed by the job's field names. {@code line} is the physical line
 * where the record starts (1 is the header), so a reject points at what an editor shows.
 * {@code broken}: why the lines from {@code line} to {@code lastLine} are no record at all (null
 * for a record, whose {@code lastLine} is not used).
 */
record CsvRow(long line, Map<String, String> fields, int columnCount, int expectedColumns, String broken, long lastLine) {

	CsvRow(long line, Map<String, String> fields, int columnCount, int expectedColumns) {
		this(line, fields, columnCount, expectedColumns, null, line);
	}

	String get(String field) {
		String value = fields.get(field);
		return value == null ? "" : value;
	}

}
