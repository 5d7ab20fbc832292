package org.example.breachnotice.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.batch.infrastructure.item.ItemProcessor;

import org.example.breachnotice.ingest.FieldRules.EmailAddress;
import org.example.breachnotice.ingest.FieldRules.InvalidField;
import org.example.breachnotice.ingest.IngestedRow.AdminRow;
import org.example.breachnotice.ingest.IngestedRow.PersonRow;
import org.example.breachnotice.ingest.IngestedRow.Reject;
import org.example.breachnotice.ingest.IngestedRow.RejectedRow;

/**
 * Normalizes and validates a CSV record. A bad row never aborts the step: every field problem
 * becomes a {@link Reject}, so the operator sees all of them at once.
 */
abstract class RowValidator implements ItemProcessor<CsvRow, IngestedRow> {

	static final int MAX_NAME = 20_000;

	static final int MAX_TEXT = 1_000;

	private final String source;

	RowValidator(String source) {
		this.source = source;
	}

	@Override
	public IngestedRow process(CsvRow row) {
		Checks checks = new Checks(source, row.line());
		if (row.broken() != null) {
			checks.rejects.add(new Reject(source, row.line(), "(row)", row.broken()));
			for (long line = row.line() + 1; line <= row.lastLine(); line++) {
				checks.rejects.add(new Reject(source, line, "(row)", "inside the quote opened on line " + row.line()
						+ " and never closed"));
			}
			return new RejectedRow(checks.rejects);
		}
		if (row.columnCount() != row.expectedColumns()) {
			checks.rejects.add(new Reject(source, row.line(), "(row)",
					"expected " + row.expectedColumns() + " columns, found " + row.columnCount()));
			return new RejectedRow(checks.rejects);
		}
		IngestedRow valid = validate(row, checks);
		return checks.rejects.isEmpty() ? valid : new RejectedRow(checks.rejects);
	}

	abstract IngestedRow validate(CsvRow row, Checks checks);

	/** Collects the rejects of one row; a failed field yields null and the row is rejected. */
	static final class Checks {

		private final String source;

		private final long line;

		private final List<Reject> rejects = new ArrayList<>();

		Checks(String source, long line) {
			this.source = source;
			this.line = line;
		}

		<T> T check(Supplier<T> rule) {
			try {
				return rule.get();
			}
			catch (InvalidField ex) {
				rejects.add(new Reject(source, line, ex.field, ex.getMessage()));
				return null;
			}
		}

	}

	static RowValidator people() {
		return new RowValidator("people") {
			@Override
			IngestedRow validate(CsvRow r, Checks c) {
				EmailAddress email = c.check(() -> FieldRules.email("email", r.get("email")));
				String country = c.check(() -> FieldRules.country("country", r.get("country")));
				String explicit = c.check(() -> FieldRules.explicitLocale("locale", r.get("locale")));
				return new PersonRow(r.line(), c.check(() -> FieldRules.text("user_id", r.get("user_id"), MAX_TEXT)),
						c.check(() -> FieldRules.required("organization_id", r.get("organization_id"), 200)),
						c.check(() -> FieldRules.text("organization_name", r.get("organization_name"), MAX_TEXT)),
						c.check(() -> FieldRules.text("name", r.get("name"), MAX_NAME)),
						email == null ? null : email.address(), email == null ? null : email.key(),
						c.check(() -> FieldRules.text("city", r.get("city"), MAX_TEXT)),
						c.check(() -> FieldRules.text("region", r.get("region"), MAX_TEXT)), country,
						c.check(() -> FieldRules.text("os", r.get("os"), MAX_TEXT)),
						c.check(() -> FieldRules.text("browser", r.get("browser"), MAX_TEXT)),
						c.check(() -> FieldRules.text("referrer", r.get("referrer"), MAX_TEXT)),
						FieldRules.localeFor(explicit, country), explicit != null);
			}
		};
	}

	static RowValidator organizations() {
		return new RowValidator("organizations") {
			@Override
			IngestedRow validate(CsvRow r, Checks c) {
				EmailAddress email = c.check(() -> FieldRules.email("admin_email", r.get("admin_email")));
				String country = c.check(() -> FieldRules.country("country", r.get("country")));
				String explicit = c.check(() -> FieldRules.explicitLocale("locale", r.get("locale")));
				return new AdminRow(r.line(),
						c.check(() -> FieldRules.required("organization_id", r.get("organization_id"), 200)),
						c.check(() -> FieldRules.text("organization_name", r.get("organization_name"), MAX_TEXT)),
						c.check(() -> FieldRules.text("admin_name", r.get("admin_name"), MAX_NAME)),
						email == null ? null : email.address(), email == null ? null : email.key(), country,
						FieldRules.localeFor(explicit, country), explicit != null);
			}
		};
	}

}
