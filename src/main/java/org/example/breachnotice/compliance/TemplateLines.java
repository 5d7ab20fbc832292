package org.example.breachnotice.compliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Finds the template line a finding points at, so that the report says where to edit. */
final class TemplateLines {

	private final Path folder;

	TemplateLines(Path folder) {
		this.folder = folder;
	}

	/** The first line of the template containing the text (case-insensitive), or 0 when it is not in the template. */
	int lineOf(String template, String needle) {
		if (needle == null || needle.isBlank()) {
			return 0;
		}
		try {
			List<String> lines = Files.readAllLines(folder.resolve(template));
			String wanted = needle.toLowerCase(Locale.ROOT);
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).toLowerCase(Locale.ROOT).contains(wanted)) {
					return i + 1;
				}
			}
		}
		catch (IOException ex) {
			return 0;
		}
		return 0;
	}

}
