package org.example.breachnotice.notification;

import java.nio.file.Path;

import org.example.breachnotice.campaign.Campaign;

/** Where one incident's files land: {@code <home>/out/<incident>/}. */
public record OutputFolder(Path root) {

	public static OutputFolder of(Path home, String incidentId) {
		return new OutputFolder(home.resolve("out").resolve(Campaign.requireIncidentId(incidentId)));
	}

	public Path pickup() {
		return root.resolve("outbox");
	}

	public Path rejects() {
		return root.resolve("rejects.csv");
	}

	public Path summary() {
		return root.resolve("summary.json");
	}

	/** The send partitions' attempt journals: state for crash recovery, owner-only, cleared once settled. */
	public Path journal() {
		return root.resolve("journal");
	}

}
