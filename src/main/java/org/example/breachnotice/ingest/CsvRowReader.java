package org.example.breachnotice.ingest;

import java.io.FilterReader;
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

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;

/**
 * Streams a UTF-8 CSV (with or without BOM, RFC 4180 quoting, newlines inside quotes) as
 * {@link CsvRow}s. Restart skips the records already committed (the item count is checkpointed
 * by the base class). Missing required columns fail at open, naming the file and the column.
 */
class CsvRowReader extends AbstractItemCountingItemStreamItemReader<CsvRow> {

	/** Far above the longest valid record (a name of {@value RowValidator#MAX_NAME} and ten fields of 1,000). */
	static final long MAX_RECORD_CHARS = 1_000_000;

	private final Path file;

	private final List<String> fields;

	private final Set<String> requiredFields;

	private final Map<String, String> columnMapping;

	private CSVParser parser;

	private Iterator<CSVRecord> records;

	private Map<String, Integer> fieldIndex;

	private int headerSize;

	private RecordLengthGuard guard;

	/** The file ended inside a quoted field: nothing more to read. */
	private boolean endsInOpenQuote;

	/** The people file of a campaign, with its column mapping. */
	static CsvRowReader people(Campaign campaign) {
		return new CsvRowReader("people", campaign.dataset().people(), CampaignLoader.PEOPLE_FIELDS,
				Set.of("organization_id", "email"), campaign.dataset().peopleColumns());
	}

	/** The organizations file of a campaign (which must name one), with its column mapping. */
	static CsvRowReader organizations(Campaign campaign) {
		return new CsvRowReader("organizations", campaign.dataset().organizations(), CampaignLoader.ORGANIZATION_FIELDS,
				Set.of("organization_id", "admin_email"), campaign.dataset().organizationColumns());
	}

	CsvRowReader(String name, Path file, List<String> fields, Set<String> requiredFields, Map<String, String> columnMapping) {
		this.file = file;
		this.fields = fields;
		this.requiredFields = requiredFields;
		this.columnMapping = columnMapping;
		setName(name);
	}

	@Override
	protected void doOpen() throws IOException {
		guard = new RecordLengthGuard(new InputStreamReader(BOMInputStream.builder().setPath(file).get(),
				StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)));
		try {
			parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
				.get().parse(guard);
		}
		catch (CharacterCodingException | RecordTooLong | UncheckedIOException ex) {
			// The header is read at once: bad bytes in the first lines end here, before any record.
			guard.close();
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
		guard.startRecord();
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
				// A quote opened and never closed swallows the rest of the file: one broken record, each of its
				// lines a rejected row (a row it swallowed is nobody's notice), which
				// the reject share judges like any other, instead of failing every row before it.
				endsInOpenQuote = true;
				long last = Math.max(line, parser.getCurrentLineNumber());
				return new CsvRow(line, Map.of(), 0, headerSize, "a quote opened in this record is never closed: lines " + line
						+ "-" + last + " (to the end of the file) are one broken record", last);
			}
			if (ex.getCause() instanceof RecordTooLong tooLong) {
				throw new InputFileException(file + ", line " + line + ": " + tooLong.getMessage() + ": no field of this job is"
						+ " that long, so a quote opened here is most likely never closed, or this is not the file the job"
						+ " expects. Fix the file and run again; nothing was sent.", ex);
			}
			String reason = ex.getCause() instanceof CharacterCodingException ? "the file is not valid UTF-8" : ex.getMessage();
			throw new InputFileException(file + ", near line " + line + ": cannot be parsed as CSV (" + reason
					+ "). Check for an unbalanced quote or a wrong encoding; nothing was sent.", ex);
		}
	}

	/**
	 * Caps what one record may read: the parser holds a field whole in memory, so a field of 200 MB
	 * (a quote never closed, a wrong file) would end in "Java heap space" instead of a line number.
	 * Counted from the start of each record, give or take the parser's read-ahead buffer.
	 */
	private static final class RecordLengthGuard extends FilterReader {

		private long read;

		RecordLengthGuard(Reader in) {
			super(in);
		}

		void startRecord() {
			read = 0;
		}

		@Override
		public int read() throws IOException {
			int c = super.read();
			count(c < 0 ? 0 : 1);
			return c;
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			count(Math.max(n, 0));
			return n;
		}

		private void count(int n) throws RecordTooLong {
			read += n;
			if (read > MAX_RECORD_CHARS) {
				throw new RecordTooLong();
			}
		}

	}

	private static final class RecordTooLong extends IOException {

		RecordTooLong() {
			super(String.format(java.util.Locale.ROOT, "a record longer than %,d characters", MAX_RECORD_CHARS), null);
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
