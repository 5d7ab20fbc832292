package org.example.breachnotice.support;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every CSV file we write is opened in a spreadsheet sooner or later: RFC 4180, and no text cell
 * that a spreadsheet would run as a formula. A text starting with {@code = + - @}, a tab or a
 * carriage return gets a leading apostrophe (OWASP, "CSV Injection"). Numbers we write stay
 * numbers. The ledger export's payload starts with '{' and is never changed, so its hashes can
 * still be recomputed from the file.
 */
public final class SpreadsheetCsv implements Closeable {

	private final CSVPrinter printer;

	private SpreadsheetCsv(CSVPrinter printer) {
		this.printer = printer;
	}

	public static SpreadsheetCsv open(Appendable out, String... header) throws IOException {
		return new SpreadsheetCsv(CSVFormat.RFC4180.builder().setHeader(header).get().print(out));
	}

	public void row(Object... values) {
		Object[] cells = new Object[values.length];
		for (int i = 0; i < values.length; i++) {
			cells[i] = values[i] instanceof CharSequence text ? neutralize(text.toString()) : values[i];
		}
		try {
			printer.printRecord(cells);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String neutralize(String text) {
		return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
	}

	public void flush() throws IOException {
		printer.flush();
	}

	@Override
	public void close() throws IOException {
		printer.close();
	}

}
