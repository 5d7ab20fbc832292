package org.example.breachnotice.ingest;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Streams a UTF-8 CSV (with or without BOM, RFC 4180 quoting, newlines inside quotes) as
 * {@link CsvRow}s. Restart skips the records already committed (the item count is checkpointed
 * by the base class). Missing required columns fail at open, naming the file and the column.
 */
class CsvRowReader extends AbstractItemCountingItemStreamItemReader<CsvRow> {

	private final Path file;

	private final List<String> fields;

	private final Set<String> requiredFields;

	private final Map<String, String> columnMapping;

	private CSVParser parser;

	private Iterator<CSVRecord> records;

	private Map<String, Integer> fieldIndex;

	private int headerSize;

	/** The file ended inside a quoted field: nothing more to read. */
	private boolean endsInOpenQuote;

	CsvRowReader(String name, Path file, List<String> fields, Set<String> requiredFields, Map<String, String> columnMapping) {
		this.file = file;
		this.fields = fields;
		this.requiredFields = requiredFields;
		this.columnMapping = columnMapping;
		setName(name);
	}

	@Override
	protected void doOpen() throws IOException {
		Reader reader = new InputStreamReader(BOMInputStream.builder().setPath(file).get(),
				StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT));
		try {
			parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
				.get().parse(reader);
		}
		catch (CharacterCodingException | UncheckedIOException ex) {
			// The header is read at once: bad bytes in the first lines end here, before any record.
			reader.close();
			throw new InputFileException(file + ", line 1: the header cannot be read ("
					+ (ex instanceof CharacterCodingException || ex.getCause() instanceof CharacterCodingException
							? "the file is not valid UTF-8" : ex.getMessage())
					+ "). Save the file as UTF-8 and check its first line; nothing was sent.", ex);
		}
		Map<String, Integer> headers = new HashMap<>();
		List<String> names = parser.getHeaderNames();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i).strip();
			Integer first = name.isEmpty() ? null : headers.putIfAbsent(name, i);
			if (first != null) {
				// Otherwise the last column of that name would silently win.
				throw new InputFileException(file + ", line 1: the header names column '" + name + "' twice (columns "
						+ (first + 1) + " and " + (i + 1) + "). Rename or remove one of them.", null);
			}
		}
		headerSize = parser.getHeaderNames().size();
		fieldIndex = new LinkedHashMap<>();
		for (String field : fields) {
			String header = columnMapping.getOrDefault(field, field);
			Integer index = headers.get(header);
			if (index != null) {
				fieldIndex.put(field, index);
			}
			else if (requiredFields.contains(field)) {
				throw new InputFileException(file + ", line 1: missing column '" + header + "'"
						+ (header.equals(field) ? "" : " (mapped from field '" + field + "')") + "; the header has "
						+ parser.getHeaderNames() + ". Fix the file or map the column under dataset.columns in the job file.", null);
			}
		}
		records = parser.iterator();
	}

	@Override
	protected CsvRow doRead() {
		if (endsInOpenQuote) {
			return null;
		}
		long line = parser.getCurrentLineNumber() + 1;
		try {
			if (!records.hasNext()) {
				return null;
			}
			CSVRecord record = records.next();
			Map<String, String> values = new HashMap<>();
			fieldIndex.forEach((field, index) -> {
				if (index < record.size()) {
					values.put(field, record.get(index));
				}
			});
			return new CsvRow(line, values, record.size(), headerSize);
		}
		catch (UncheckedIOException ex) {
			if (String.valueOf(ex.getMessage()).contains("EOF reached before encapsulated token finished")) {
				// A quote opened and never closed swallows the rest of the file: one broken record, which
				// the reject share judges like any other, instead of failing every row before it.
				endsInOpenQuote = true;
				return new CsvRow(line, Map.of(), 0, headerSize, "a quote opened in this record is never closed: lines " + line
						+ "-" + Math.max(line, parser.getCurrentLineNumber()) + " (to the end of the file) are one broken record");
			}
			String reason = ex.getCause() instanceof CharacterCodingException ? "the file is not valid UTF-8" : ex.getMessage();
			throw new InputFileException(file + ", near line " + line + ": cannot be parsed as CSV (" + reason
					+ "). Check for an unbalanced quote or a wrong encoding; nothing was sent.", ex);
		}
	}

	@Override
	protected void doClose() throws IOException {
		if (parser != null) {
			parser.close();
			parser = null;
		}
	}

}
