package org.example.breachnotice.generate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetGeneratorTests {

	@TempDir
	Path temp;

	@Test
	void theSameSeedGivesTheSameFilesAndAnotherSeedOtherOnes() throws Exception {
		DatasetGenerator.Result first = DatasetGenerator.generate(temp.resolve("a"), 500, 7, 0.02);
		DatasetGenerator.Result again = DatasetGenerator.generate(temp.resolve("b"), 500, 7, 0.02);
		DatasetGenerator.Result other = DatasetGenerator.generate(temp.resolve("c"), 500, 8, 0.02);

		assertThat(Files.mismatch(first.people(), again.people())).isEqualTo(-1);
		assertThat(Files.mismatch(first.organizations(), again.organizations())).isEqualTo(-1);
		assertThat(Files.mismatch(first.people(), other.people())).isNotEqualTo(-1);
	}

	@Test
	void everyAddressIsOnAReservedDomainAndSomeRowsAreHostileOrMalformed() throws Exception {
		DatasetGenerator.Result result = DatasetGenerator.generate(temp, 2_000, 20251109, 0.02);

		List<CSVRecord> people = records(result.people());
		assertThat(result.peopleRows()).isEqualTo(2_000);
		assertThat(people).hasSizeGreaterThanOrEqualTo(2_000 - result.malformedRows());
		assertThat(result.malformedRows()).as("about 2%").isBetween(10, 80);
		// RFC 2606 / 6761: example.com, .org, .net and the .example top-level domain reach nobody.
		List<String> domains = people.stream().filter(row -> row.isConsistent() && row.get("email").contains("@"))
			.map(row -> row.get("email").substring(row.get("email").lastIndexOf('@') + 1).toLowerCase(Locale.ROOT))
			.toList();
		assertThat(domains).isNotEmpty().allMatch(domain -> domain.matches("(.+\\.)?example\\.(com|org|net)|.+\\.example"));
		assertThat(people).as("names in several scripts and hostile ones")
			.anyMatch(row -> row.isConsistent() && row.get("name").contains("<b>"))
			.anyMatch(row -> row.isConsistent() && row.get("name").codePoints().anyMatch(c -> c > 0x3000));
		assertThat(records(result.organizations())).isNotEmpty();
	}

	private static List<CSVRecord> records(Path file) throws Exception {
		try (var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(Files.newBufferedReader(file))) {
			return parser.getRecords();
		}
	}

}
