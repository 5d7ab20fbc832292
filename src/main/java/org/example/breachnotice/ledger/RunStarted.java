package org.example.breachnotice.ledger;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A run's RUN_STARTED entry, typed: the job file it ran and the campaign's facts as they were
 * then, which the report and the commands that take {@code INCIDENT|JOB_FILE} rely on.
 */
public record RunStarted(Path jobFile, Path rulesFile, String controller, String from, LocalDate unauthorizedAccess,
		LocalDate controllerLearned, LocalDate noticeDate) {

	public static final String TYPE = "RUN_STARTED";

	static RunStarted of(LedgerEntry entry) {
		var fields = entry.fields();
		return new RunStarted(Path.of((String) fields.get("job_file")), Path.of((String) fields.get("rules_file")),
				(String) fields.get("controller"), (String) fields.get("from"),
				LocalDate.parse((String) fields.get("unauthorized_access")),
				LocalDate.parse((String) fields.get("controller_learned")), LocalDate.parse((String) fields.get("notice_date")));
	}

}
