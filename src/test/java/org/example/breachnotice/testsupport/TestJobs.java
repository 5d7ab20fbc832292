package org.example.breachnotice.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.example.breachnotice.generate.DatasetGenerator;

/**
 * Writes job files for tests: the shipped sample's incident facts, with the test's own data,
 * the repository's templates and fast retry settings.
 */
public final class TestJobs {

	public static final Path SAMPLE_JOB = Path.of("jobs/mixpanel-2025-11.yaml").toAbsolutePath();

	public static final Path TEMPLATES = Path.of("templates").toAbsolutePath();

	private TestJobs() {
	}

	/**
	 * The sample job with its data and templates referenced absolutely, written into a folder,
	 * after replacing texts: e.g. the templates folder or the covered jurisdictions.
	 */
	public static Path sampleVariant(Path folder, Map<String, String> replacements) throws IOException {
		Files.createDirectories(folder);
		String job = Files.readString(SAMPLE_JOB)
			.replace("people: data/", "people: " + SAMPLE_JOB.getParent().resolve("data") + "/")
			.replace("organizations: data/", "organizations: " + SAMPLE_JOB.getParent().resolve("data") + "/")
			.replace("templates: ../templates", "templates: " + TEMPLATES)
			.replace("rules: ../rules/", "rules: " + TEMPLATES.getParent().resolve("rules") + "/")
			.replace("approvers: approvers.yaml", "approvers: " + TestKeys.writeKeyring(folder.resolve("approvers.yaml")));
		for (Map.Entry<String, String> replacement : replacements.entrySet()) {
			if (!job.contains(replacement.getKey())) {
				throw new IllegalArgumentException("the sample job has no '" + replacement.getKey() + "'");
			}
			job = job.replace(replacement.getKey(), replacement.getValue());
		}
		Path file = folder.resolve("job.yaml");
		Files.writeString(file, job, StandardCharsets.UTF_8);
		return file;
	}

	/**
	 * A job over a generated dataset of {@code rows} people rows (no malformed ones): the data in
	 * {@code folder/data}, the job file in {@code folder/job}.
	 */
	public static Path generated(Path folder, int rows, long seed) throws IOException {
		Path data = folder.resolve("data");
		DatasetGenerator.generate(data, rows, seed, 0.0);
		return write(folder.resolve("job"), Files.readString(data.resolve("people.csv")),
				Files.readString(data.resolve("organizations.csv")), 0.0);
	}

	public static Path write(Path folder, String peopleCsv, String organizationsCsv, double maxRejectShare)
			throws IOException {
		Files.createDirectories(folder);
		Files.writeString(folder.resolve("people.csv"), peopleCsv, StandardCharsets.UTF_8);
		String sample = Files.readString(SAMPLE_JOB);
		StringBuilder job = new StringBuilder(sample.substring(0, sample.indexOf("\ndataset:")));
		job.append("\ndataset:\n  people: people.csv\n");
		if (organizationsCsv != null) {
			Files.writeString(folder.resolve("organizations.csv"), organizationsCsv, StandardCharsets.UTF_8);
			job.append("  organizations: organizations.csv\n");
		}
		job.append("  max_reject_share: ").append(maxRejectShare).append('\n');
		job.append("templates: ").append(TEMPLATES).append('\n');
		job.append("compliance:\n  rules: ").append(TEMPLATES.getParent().resolve("rules/content-rules.yaml"))
			.append("\n  jurisdictions: [BR, EU, US-CA]\n  approvers: ")
			.append(TestKeys.writeKeyring(folder.resolve("approvers.yaml"))).append('\n');
		job.append("""
				delivery:
				  transport: smtp
				  chunk_size: 5
				  connect_attempts: 3
				  connect_backoff_ms: 20
				  # Retries come quickly in tests: a notice still refused 400 ms after its first attempt has failed.
				  retry_schedule: [50ms]
				  retry_for: 400ms
				""");
		Path file = folder.resolve("job.yaml");
		Files.writeString(file, job, StandardCharsets.UTF_8);
		return file;
	}

}
