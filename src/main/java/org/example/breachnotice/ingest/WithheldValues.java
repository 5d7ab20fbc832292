package org.example.breachnotice.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.render.DisplayText;
import org.example.breachnotice.support.SpreadsheetCsv;

/**
 * The values of the input files that notices will not show ({@link DisplayText}: a name that holds
 * a link, an e-mail address or a request for credentials), by file and line, for the dry run and
 * preflight: somebody should look at those rows before the send. The values themselves are never
 * repeated here: they are personal data, and possibly the phishing itself.
 */
public final class WithheldValues {

	/** Lines printed to the console; the CSV file has every one. */
	private static final int SHOWN = 10;

	public record Withheld(String source, long line, String field, String reason) {
	}

	private WithheldValues() {
	}

	/** Reads the campaign's input files as the ingest does (same reader, same clean-up of each field). */
	public static List<Withheld> scan(Campaign campaign) {
		List<Withheld> found = new ArrayList<>();
		scan(CsvRowReader.people(campaign), "people", List.of("name", "organization_name", "organization_id"), found);
		if (campaign.dataset().organizations() != null) {
			scan(CsvRowReader.organizations(campaign), "organizations",
					List.of("admin_name", "organization_name", "organization_id"), found);
		}
		return found;
	}

	private static void scan(CsvRowReader reader, String source, List<String> fields, List<Withheld> found) {
		reader.open(new ExecutionContext());
		try {
			for (CsvRow row = reader.read(); row != null; row = reader.read()) {
				if (row.broken() != null) {
					continue;
				}
				for (String field : fields) {
					String shown = FieldRules.text(field, row.get(field), Integer.MAX_VALUE);
					long line = row.line();
					DisplayText.whyWithheld(shown).ifPresent(reason -> found.add(new Withheld(source, line, field, reason)));
				}
			}
		}
		catch (Exception ex) {
			throw ex instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex);
		}
		finally {
			reader.close();
		}
	}

	/**
	 * Writes every withheld value's place to {@code file} (source, line, field, reason) and returns
	 * the lines to print: how many, the first few, and where the rest are. Empty when there are none.
	 */
	public static List<String> report(List<Withheld> found, Path file) {
		if (found.isEmpty()) {
			return List.of();
		}
		try (SpreadsheetCsv csv = SpreadsheetCsv.open(Files.newBufferedWriter(file), "source", "line", "field", "reason")) {
			found.forEach(value -> csv.row(value.source(), value.line(), value.field(), value.reason()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
		List<String> lines = new ArrayList<>();
		lines.add(found.size() + " value(s) in the input files will not be shown in notices (a link, an e-mail address or a"
				+ " request for credentials in a name; the notice greets neutrally instead). Check these rows before the send:");
		found.stream().limit(SHOWN).forEach(value -> lines.add("  " + value.source() + " line " + value.line() + ", "
				+ value.field() + ": " + value.reason()));
		lines.add("  " + (found.size() > SHOWN ? "and " + (found.size() - SHOWN) + " more; " : "") + "all of them: " + file);
		return lines;
	}

}
