package org.example.breachnotice.generate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a synthetic but realistic affected-user dataset from a seed: the same seed always gives
 * the same files. People repeat across rows (several events, several organizations), countries
 * and locales are mixed, names cover several scripts and some hostile content, and a small share
 * of rows is malformed on purpose. Every address is on a reserved example domain.
 */
public final class DatasetGenerator {

	private static final String[] FIRST = { "Ana", "João", "Maria", "Pedro", "Luísa", "Chidi", "Emma", "Liam", "Olivia",
			"Noah", "Sofia", "Mateus", "Beatriz", "Hiroshi", "Yuki", "Aarav", "Priya", "Fatima", "Omar", "Zoë", "Ørjan",
			"Siobhán", "Dmitri", "Ngozi", "Lucas", "Camila", "Wei", "Mei", "Kwame", "Isabel" };

	private static final String[] LAST = { "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Smith", "Johnson", "Müller",
			"O'Brien", "García", "Tanaka", "Sato", "Patel", "Sharma", "Haddad", "Ivanov", "Okafor", "Costa", "Ferreira",
			"Nguyen", "Kowalski", "Rossi", "Dubois", "Mensah", "Almeida" };

	private static final String[] NON_LATIN = { "田中 太郎", "Дмитрий Иванов", "محمد حداد", "王伟", "김민준", "Αλέξανδρος Παπαδόπουλος" };

	private static final String[] HOSTILE = { "<b>Bold</b> & \"Quoted\"", "${7*7} <#assign x=1>", "Eve\r\nBcc: spy@example.net",
			"Robert'); DROP TABLE person_row;--", "\u202Egnp.exe" };

	private static final String[] DOMAINS = { "example.com", "example.org", "example.net", "mail.example.com",
			"empresa.example", "bücher.example" };

	private static final String[][] COUNTRIES = { { "BR", "São Paulo", "SP" }, { "BR", "Rio de Janeiro", "RJ" },
			{ "BR", "Belo Horizonte", "MG" }, { "PT", "Lisboa", "11" }, { "AO", "Luanda", "LUA" }, { "MZ", "Maputo", "MPM" },
			{ "US", "San Francisco", "CA" }, { "US", "Boston", "MA" }, { "US", "New York", "NY" }, { "DE", "Berlin", "BE" },
			{ "FR", "Paris", "IDF" }, { "IN", "Bengaluru", "KA" }, { "GB", "London", "LND" }, { "JP", "Tokyo", "13" },
			{ "NG", "Lagos", "LA" } };

	private static final String[] OS = { "Windows 11", "macOS 15", "Ubuntu 24.04", "Android 15", "iOS 18" };

	private static final String[] BROWSERS = { "Chrome 142", "Firefox 145", "Safari 18", "Edge 142" };

	private static final String[] REFERRERS = { "https://platform.example.com/docs", "https://www.example.org/blog",
			"https://search.example.net/?q=api", "" };

	private static final String[] ORG_WORDS = { "Acme", "Nimbus", "Aurora", "Vento", "Solaris", "Quasar", "Pampa", "Ipê",
			"Lumen", "Atlas", "Boreal", "Cerrado" };

	private static final String[] ORG_KINDS = { "Analytics", "Labs", "Saúde", "Pagamentos", "Robotics", "Education", "Legal" };

	private DatasetGenerator() {
	}

	public record Result(Path people, Path organizations, int peopleRows, int organizationRows, int malformedRows) {
	}

	public static Result generate(Path folder, int rows, long seed, double malformedShare) throws IOException {
		SplittableRandom random = new SplittableRandom(seed);
		Files.createDirectories(folder);
		int organizationCount = Math.max(3, rows / 25);
		List<Organization> organizations = new ArrayList<>();
		for (int i = 0; i < organizationCount; i++) {
			String[] place = pick(random, COUNTRIES);
			organizations.add(new Organization(String.format("org-%06d", i + 1),
					pick(random, ORG_WORDS) + " " + pick(random, ORG_KINDS) + (i % 5 == 0 ? ", Inc." : " Ltda."), place));
		}

		int distinctPeople = Math.max(1, (int) (rows * 0.75));
		List<Person> people = new ArrayList<>();
		Path peopleFile = folder.resolve("people.csv");
		int malformed = 0;
		try (Writer writer = Files.newBufferedWriter(peopleFile, StandardCharsets.UTF_8);
				CSVPrinter csv = CSVFormat.RFC4180.builder()
					.setHeader("user_id", "organization_id", "organization_name", "name", "email", "city", "region",
							"country", "os", "browser", "referrer", "locale")
					.get().print(writer)) {
			for (int row = 0; row < rows; row++) {
				Person person;
				if (row < distinctPeople || people.isEmpty()) {
					person = newPerson(random, row, organizations);
					people.add(person);
				}
				else {
					Person earlier = people.get(random.nextInt(people.size()));
					// A repeated person: same address (sometimes in other case), sometimes in another organization.
					Organization organization = random.nextInt(3) == 0 ? organizations.get(random.nextInt(organizations.size()))
							: earlier.organization;
					String email = random.nextInt(4) == 0 ? earlier.email.toUpperCase(Locale.ROOT) : earlier.email;
					person = new Person(earlier.userId, earlier.name, email, organization, earlier.place, earlier.locale);
				}
				String email = person.email;
				String organizationId = person.organization.id;
				String country = person.place[0];
				if (random.nextDouble() < malformedShare) {
					malformed++;
					switch (random.nextInt(3)) {
						case 0 -> email = email.replace("@", " at ");
						case 1 -> organizationId = "";
						default -> country = "ZZ";
					}
				}
				csv.printRecord(person.userId, organizationId, person.organization.name, person.name, email, person.place[1],
						person.place[2], country, pick(random, OS), pick(random, BROWSERS), pick(random, REFERRERS),
						person.locale);
			}
		}

		Path organizationsFile = folder.resolve("organizations.csv");
		int organizationRows = 0;
		try (Writer writer = Files.newBufferedWriter(organizationsFile, StandardCharsets.UTF_8);
				CSVPrinter csv = CSVFormat.RFC4180.builder()
					.setHeader("organization_id", "organization_name", "admin_name", "admin_email", "country", "locale")
					.get().print(writer)) {
			for (Organization organization : organizations) {
				// Some organizations have no admin contact on file; some have two.
				int admins = random.nextInt(10) == 0 ? 0 : 1 + (random.nextInt(4) == 0 ? 1 : 0);
				for (int a = 0; a < admins; a++) {
					String name = pick(random, FIRST) + " " + pick(random, LAST);
					csv.printRecord(organization.id, organization.name, name, address(random, name, 9000 + organizationRows),
							organization.place[0], random.nextInt(5) == 0 ? "en" : "");
					organizationRows++;
				}
			}
		}
		return new Result(peopleFile, organizationsFile, rows, organizationRows, malformed);
	}

	private static Person newPerson(SplittableRandom random, int index, List<Organization> organizations) {
		Organization organization = organizations.get(random.nextInt(organizations.size()));
		String[] place = random.nextInt(3) == 0 ? pick(random, COUNTRIES) : organization.place;
		int kind = random.nextInt(100);
		String name = kind < 4 ? pick(random, HOSTILE) : kind < 12 ? pick(random, NON_LATIN)
				: pick(random, FIRST) + " " + pick(random, LAST);
		String locale = switch (random.nextInt(10)) {
			case 0 -> "pt-BR";
			case 1 -> "en";
			case 2 -> "es";
			default -> "";
		};
		return new Person(String.format("user-%08d", index + 1), name, address(random, name, index), organization, place, locale);
	}

	private static String address(SplittableRandom random, String name, int index) {
		String local = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
			.replaceAll("[^A-Za-z ]", "").strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", ".");
		if (local.isEmpty()) {
			local = "user";
		}
		return local + "." + index + "@" + pick(random, DOMAINS);
	}

	private static <T> T pick(SplittableRandom random, T[] values) {
		return values[random.nextInt(values.length)];
	}

	private record Organization(String id, String name, String[] place) {
	}

	private record Person(String userId, String name, String email, Organization organization, String[] place,
			String locale) {
	}

}
