package org.example.breachnotice.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import org.example.breachnotice.campaign.CampaignLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowReaderTests {

	@TempDir
	Path temp;

	@Test
	void readsBomQuotedCommasAndNewlinesWithTheLineWhereEachRecordStarts() throws Exception {
		Path file = write("\uFEFFemail,organization_id,name\n" + "a@example.com,org-1,\"Souza, Ana\"\n"
				+ "b@example.com,org-1,\"Line one\nline two\"\n" + "c@example.com,org-2,Carla\n");

		List<CsvRow> rows = readAll(reader(file, Map.of()), new ExecutionContext());

		assertThat(rows).extracting(CsvRow::line).containsExactly(2L, 3L, 5L);
		assertThat(rows.get(0).get("email")).isEqualTo("a@example.com");
		assertThat(rows.get(0).get("name")).isEqualTo("Souza, Ana");
		assertThat(rows.get(1).get("name")).isEqualTo("Line one\nline two");
		assertThat(rows.get(2).get("country")).as("absent optional column").isEmpty();
	}

	@Test
	void theJobFileCanMapOtherHeaderNames() throws Exception {
		Path file = write("E-mail,Org\nA@example.com,org-9\n");

		List<CsvRow> rows = readAll(reader(file, Map.of("email", "E-mail", "organization_id", "Org")), new ExecutionContext());

		assertThat(rows.get(0).get("email")).isEqualTo("A@example.com");
		assertThat(rows.get(0).get("organization_id")).isEqualTo("org-9");
	}

	@Test
	void aMissingRequiredColumnNamesTheFileAndTheColumn() throws Exception {
		Path file = write("mail,organization_id\na@example.com,org-1\n");
		CsvRowReader reader = reader(file, Map.of());

		assertThatThrownBy(() -> reader.open(new ExecutionContext())).isInstanceOf(ItemStreamException.class)
			.rootCause()
			.isInstanceOf(InputFileException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining("missing column 'email'")
			.hasMessageContaining("dataset.columns");
	}

	@Test
	void twoColumnsOfTheSameNameAreRefusedWithBothPositions() throws Exception {
		Path file = write("email,organization_id,email\na@example.com,org-1,b@example.com\n");
		CsvRowReader reader = reader(file, Map.of());

		assertThatThrownBy(() -> reader.open(new ExecutionContext())).isInstanceOf(ItemStreamException.class)
			.rootCause()
			.isInstanceOf(InputFileException.class)
			.hasMessageContaining(file + ", line 1: the header names column 'email' twice (columns 1 and 3)");
	}

	@Test
	void invalidUtf8InTheFirstLineNamesTheFileAndTheLine() throws Exception {
		Path file = temp.resolve("latin1.csv");
		java.nio.file.Files.write(file, "email,organization_id,organiza\u00e7\u00e3o\na@example.com,1,x\n"
			.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		CsvRowReader reader = reader(file, Map.of());

		assertThatThrownBy(() -> reader.open(new ExecutionContext())).isInstanceOf(ItemStreamException.class)
			.cause()
			.isInstanceOf(InputFileException.class)
			.hasMessageContaining(file + ", line 1: the header cannot be read (the file is not valid UTF-8)");
	}

	@Test
	void aFieldOfTwoHundredMegabytesNamesTheFileAndLineInsteadOfFillingTheHeap() throws Exception {
		Path file = temp.resolve("people.csv");
		try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("email,organization_id,name\na@example.com,org-1,Ana\nb@example.com,org-1,\"");
			char[] block = "x".repeat(1 << 20).toCharArray();
			for (int i = 0; i < 200; i++) {
				out.write(block);
			}
			out.write("\"\nc@example.com,org-2,Carla\n");
		}
		CsvRowReader reader = reader(file, Map.of());
		reader.open(new ExecutionContext());

		assertThat(reader.read().get("name")).isEqualTo("Ana");
		assertThatThrownBy(reader::read).isInstanceOf(InputFileException.class)
			.hasMessageContaining(file + ", line 3: a record longer than 1,000,000 characters")
			.hasMessageContaining("nothing was sent");
		reader.close();
	}

	@Test
	void aRestartSkipsTheRecordsAlreadyCommitted() throws Exception {
		Path file = write("email,organization_id\na@example.com,1\nb@example.com,2\nc@example.com,3\n");
		CsvRowReader first = reader(file, Map.of());
		ExecutionContext checkpoint = new ExecutionContext();
		first.open(checkpoint);
		first.read();
		first.read();
		first.update(checkpoint);
		first.close();

		List<CsvRow> rest = readAll(reader(file, Map.of()), checkpoint);

		assertThat(rest).extracting(row -> row.get("email")).containsExactly("c@example.com");
	}

	private CsvRowReader reader(Path file, Map<String, String> mapping) {
		return new CsvRowReader("people", file, CampaignLoader.PEOPLE_FIELDS, Set.of("email", "organization_id"), mapping);
	}

	private static List<CsvRow> readAll(CsvRowReader reader, ExecutionContext context) throws Exception {
		reader.open(context);
		List<CsvRow> rows = new ArrayList<>();
		for (CsvRow row; (row = reader.read()) != null;) {
			rows.add(row);
		}
		reader.close();
		return rows;
	}

	private Path write(String content) throws Exception {
		Path file = temp.resolve("people.csv");
		Files.writeString(file, content, StandardCharsets.UTF_8);
		return file;
	}

}
