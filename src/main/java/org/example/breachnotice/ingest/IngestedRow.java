package org.example.breachnotice.ingest;

import java.util.List;

/** What the ingest processor makes of one CSV record: a valid row of one kind, or its rejects. */
sealed interface IngestedRow {

	record PersonRow(long line, String userId, String organizationId, String organizationName, String name,
			String email, String emailKey, String city, String region, String country, String os, String browser,
			String referrer, String locale, boolean localeExplicit) implements IngestedRow {
	}

	record AdminRow(long line, String organizationId, String organizationName, String adminName, String email,
			String emailKey, String country, String locale, boolean localeExplicit) implements IngestedRow {
	}

	record RejectedRow(List<Reject> rejects) implements IngestedRow {
	}

	record Reject(String source, long line, String field, String reason) {
	}

}
