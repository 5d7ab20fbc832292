package org.example.breachnotice.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.example.breachnotice.generate.DatasetGenerator;

@Command(name = "generate", mixinStandardHelpOptions = true,
		description = "Writes a synthetic people.csv and organizations.csv from a seed (same seed, same files).")
class GenerateCommand implements Callable<Integer> {

	@Option(names = "--rows", defaultValue = "300", description = "People rows (default: ${DEFAULT-VALUE}).")
	int rows;

	@Option(names = "--seed", defaultValue = "20251109", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--malformed-share", defaultValue = "0.02",
			description = "Share of rows made malformed on purpose (default: ${DEFAULT-VALUE}).")
	double malformedShare;

	@Option(names = "--output", required = true, paramLabel = "FOLDER", description = "Folder for the two CSV files.")
	Path output;

	@Override
	public Integer call() throws Exception {
		if (rows < 1 || malformedShare < 0 || malformedShare > 1) {
			throw new IllegalArgumentException("--rows must be >= 1 and --malformed-share between 0 and 1");
		}
		DatasetGenerator.Result result = DatasetGenerator.generate(output, rows, seed, malformedShare);
		System.out.printf("Wrote %s (%d rows, %d malformed on purpose) and %s (%d rows)%n", result.people(),
				result.peopleRows(), result.malformedRows(), result.organizations(), result.organizationRows());
		return 0;
	}

}
