package org.example.breachnotice.campaign;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one incident's files land: {@code <home>/out/<incident>/}. Never through a symbolic link:
 * one planted in the state folder would send notices, addresses and reports wherever it points.
 */
public record OutputFolder(Path root) {

	public static OutputFolder of(Path home, String incidentId) {
		Path out = refuseSymlink(home.resolve("out"));
		return new OutputFolder(refuseSymlink(out.resolve(Campaign.requireIncidentId(incidentId))));
	}

	/**
	 * The path itself, once checked not to be a symbolic link.
	 * @throws IllegalArgumentException naming it, when it is one
	 */
	public static Path refuseSymlink(Path path) {
		if (Files.isSymbolicLink(path)) {
			throw new IllegalArgumentException(path + " is a symbolic link: outputs are never written through one. Replace it"
					+ " with a plain folder or file, then run the same command again.");
		}
		return path;
	}

	/**
	 * This folder once none of its paths is a symbolic link: checked before a run starts, so that
	 * a planted link is refused before anything is read or sent, not by the step that meets it.
	 * @throws IllegalArgumentException naming the link
	 */
	public OutputFolder checked() {
		pickup();
		rejects();
		summary();
		withheldValues();
		journal();
		return this;
	}

	public Path pickup() {
		return refuseSymlink(root.resolve("outbox"));
	}

	public Path rejects() {
		return refuseSymlink(root.resolve("rejects.csv"));
	}

	public Path summary() {
		return refuseSymlink(root.resolve("summary.json"));
	}

	/** Where the input values that notices do not show are listed, by file and line. */
	public Path withheldValues() {
		return refuseSymlink(root.resolve("withheld-values.csv"));
	}

	/** The send partitions' attempt journals: state for crash recovery, owner-only, cleared once settled. */
	public Path journal() {
		return refuseSymlink(root.resolve("journal"));
	}

}
