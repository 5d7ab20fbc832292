package org.example.breachnotice.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * How many rows of a dataset's two files were read and rejected, as the reject gate counted them
 * once the files were staged. The gate keeps them in its step's context, where the dedupe's
 * summary takes them: on HSQLDB counting a million staged rows again took 4 s.
 */
public record RowCounts(long peopleRead, long peopleRejected, long organizationsRead, long organizationsRejected) {

	/** The people rows staged, each a valid row of the people file. */
	public long peopleStaged() {
		return peopleRead - peopleRejected;
	}

	/** As the INGEST_REJECTS ledger entry and summary.json name them. */
	Map<String, Object> fields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("people_rows_read", peopleRead);
		fields.put("people_rows_rejected", peopleRejected);
		fields.put("organizations_rows_read", organizationsRead);
		fields.put("organizations_rows_rejected", organizationsRejected);
		return fields;
	}

	void saveTo(ExecutionContext context) {
		fields().forEach(context::put);
		context.putLong(IngestSteps.REJECTED, peopleRejected + organizationsRejected);
	}

	/** The counts a reject gate saved; empty for a gate run by a version that did not save them. */
	public static Optional<RowCounts> from(ExecutionContext context) {
		if (!context.containsKey("organizations_rows_rejected")) {
			return Optional.empty();
		}
		return Optional.of(new RowCounts(context.getLong("people_rows_read"), context.getLong("people_rows_rejected"),
				context.getLong("organizations_rows_read"), context.getLong("organizations_rows_rejected")));
	}

}
