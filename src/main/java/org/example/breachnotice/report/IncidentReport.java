package org.example.breachnotice.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import org.example.breachnotice.compliance.ContentRules.Jurisdiction;
import org.example.breachnotice.compliance.ContentRules;
import org.example.breachnotice.compliance.Deadlines;
import org.example.breachnotice.ledger.Checkpoint;
import org.example.breachnotice.ledger.Checkpoints;
import org.example.breachnotice.ledger.LedgerStore;
import org.example.breachnotice.ledger.LedgerVerifier;
import org.example.breachnotice.ledger.RunStarted;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.OutboxQueries.UndeliveredNotice;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.support.Masking;
import org.example.breachnotice.support.ReportTemplates;
import org.example.breachnotice.support.SpreadsheetCsv;

/**
 * The incident report for compliance staff and the regulator (HTML and CSV): notices by status,
 * type, locale, jurisdiction and organization; the notices not delivered (who needs a substitute
 * notice); deadlines per jurisdiction with late notices flagged; the ledger's head hash and
 * verification; and the declaration to the ANPD that subjects were notified.
 */
@Component
public class IncidentReport {

	private final LedgerStore ledgerStore;

	private final LedgerVerifier verifier;

	private final OutboxQueries queries;

	private final Checkpoints checkpoints;

	private final Reconciliation reconciliation;

	public IncidentReport(LedgerStore ledgerStore, LedgerVerifier verifier, OutboxQueries queries, Checkpoints checkpoints,
			Reconciliation reconciliation) {
		this.checkpoints = checkpoints;
		this.reconciliation = reconciliation;
		this.ledgerStore = ledgerStore;
		this.verifier = verifier;
		this.queries = queries;
	}

	public record ReportFiles(Path html, Path csv, Path undelivered) {
	}

	/** What the report's figures rest on: the ledger as verified, its signed checkpoints, and the table against it. */
	private record Proof(LedgerVerifier.Result ledger, List<Checkpoint> checkpoints, Reconciliation.Result reconciliation) {
	}

	/** The report's order of statuses: SENT first, then the enum's, so that a new status cannot be left out. */
	private static final List<NoticeStatus> STATUSES = Stream.concat(Stream.of(NoticeStatus.SENT),
			Arrays.stream(NoticeStatus.values()).filter(status -> status != NoticeStatus.SENT)).toList();

	public ReportFiles write(String incident, Path folder) throws IOException {
		RunStarted facts = ledgerStore.lastRunStarted(incident).orElseThrow(() -> new IllegalArgumentException(
				"No run of incident '" + incident + "' in this state folder: check the id and --home"));

		Map<String, Map<String, NoticeCounts>> tables = new LinkedHashMap<>();
		tables.put("Notice type", queries.countsBy(incident, OutboxQueries.Dimension.TYPE));
		tables.put("Locale", queries.countsBy(incident, OutboxQueries.Dimension.LOCALE));
		tables.put("Jurisdiction", queries.countsBy(incident, OutboxQueries.Dimension.JURISDICTION));
		tables.put("Organization", queries.countsBy(incident, OutboxQueries.Dimension.ORGANIZATION));
		NoticeCounts totals = queries.counts(incident);
		List<UndeliveredNotice> undelivered = queries.undelivered(incident);
		List<Deadline> deadlines = deadlines(incident, facts);
		List<String[]> substitutes = substitutes(incident, facts);
		Proof proof = new Proof(verifier.verify(),
				checkpoints.anchors().read().stream().filter(c -> incident.equals(c.incident())).toList(),
				reconciliation.check(incident));

		Files.createDirectories(folder);
		ReportFiles files = new ReportFiles(OutputFolder.refuseSymlink(folder.resolve("report.html")),
				OutputFolder.refuseSymlink(folder.resolve("report.csv")), OutputFolder.refuseSymlink(folder.resolve("undelivered.csv")));
		Files.writeString(files.html(), ReportTemplates.render("incident-report.ftlh", model(incident, facts, totals, tables, undelivered, deadlines, substitutes, proof)));
		writeCsv(files.csv(), tables, deadlines, substitutes, proof, totals.possibleDuplicates());
		writeUndelivered(files.undelivered(), undelivered);
		return files;
	}

	/**
	 * Per jurisdiction with undeliverable person notices: how many, and what its law asks when direct
	 * notice fails (from the rules file the run used).
	 */
	private List<String[]> substitutes(String incident, RunStarted facts) {
		Path rulesFile = facts.rulesFile();
		Map<String, Jurisdiction> rules = Files.isRegularFile(rulesFile) ? ContentRules.load(rulesFile).jurisdictions() : Map.of();
		List<String[]> rows = new ArrayList<>();
		queries.undeliverableByJurisdiction(incident).forEach((code, n) -> {
			ContentRules.SubstituteNotice ask = rules.containsKey(code) ? rules.get(code).substituteNotice() : null;
			rows.add(new String[] { code, Long.toString(n), ask == null ? "(the rules file says nothing)" : ask.text(),
					ask == null ? "" : ask.cite() });
		});
		return rows;
	}

	/** A jurisdiction's deadline and its person notices against it; without a due date or outcome when the rules file is gone. */
	private record Deadline(String jurisdiction, String rule, LocalDate due, OutboxQueries.DeadlineOutcome outcome) {

		List<String> cells() {
			return outcome == null ? List.of(jurisdiction, rule, "", "", "", "") : List.of(jurisdiction, rule, due.toString(),
					Long.toString(outcome.sentOnTime()), Long.toString(outcome.sentLate()), Long.toString(outcome.notDelivered()));
		}

	}

	/** Per jurisdiction with a deadline: due date, sent on time, sent late, not yet delivered. */
	private List<Deadline> deadlines(String incident, RunStarted facts) {
		LocalDate learned = facts.controllerLearned();
		Path rulesFile = facts.rulesFile();
		if (!Files.isRegularFile(rulesFile)) {
			return List.of(new Deadline("(rules file " + rulesFile + " not found)", "", null, null));
		}
		List<Deadline> rows = new ArrayList<>();
		for (Jurisdiction j : ContentRules.load(rulesFile).jurisdictions().values()) {
			LocalDate due = Deadlines.due(j.deadline(), learned);
			if (due == null) {
				continue;
			}
			String rule = j.deadline().businessDays() > 0
					? j.deadline().businessDays() + " business days (" + j.deadline().calendar() + " holidays)"
					: j.deadline().calendarDays() + " calendar days";
			rows.add(new Deadline(j.code(), rule, due, queries.againstDeadline(incident, j.code(), due)));
		}
		return rows;
	}

	/** The model of report/incident-report.ftlh: strings, numbers, lists and maps only, addresses masked. */
	private Map<String, Object> model(String incident, RunStarted facts, NoticeCounts totals,
			Map<String, Map<String, NoticeCounts>> tables, List<UndeliveredNotice> undelivered, List<Deadline> deadlines,
			List<String[]> substitutes, Proof proof) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("incident", incident);
		m.put("facts", Map.of("controller", facts.controller(), "unauthorizedAccess", facts.unauthorizedAccess().toString(),
				"controllerLearned", facts.controllerLearned().toString(), "noticeDate", facts.noticeDate().toString(), "from",
				facts.from()));
		List<String> atRisk = deadlines.stream().filter(d -> d.outcome() != null
				&& (d.outcome().sentLate() > 0 || d.outcome().notDelivered() > 0))
			.map(d -> d.jurisdiction() + " (due " + d.due() + ": " + d.outcome().sentLate() + " sent late, "
					+ d.outcome().notDelivered() + " not delivered yet)")
			.toList();
		m.put("glance", Map.of("sent", totals.of(NoticeStatus.SENT), "total", totals.total(), "undelivered", totals.undelivered(),
				"atRisk", atRisk));
		Map<String, LocalDate> dueDates = new LinkedHashMap<>();
		deadlines.stream().filter(d -> d.due() != null).forEach(d -> dueDates.put(d.jurisdiction(), d.due()));
		m.put("timeline", ReportCharts.timeline(queries.personNoticesSentPerDay(incident), dueDates, facts.controllerLearned()));
		m.put("outcomes", ReportCharts.outcomes(tables.get("Jurisdiction")));
		m.put("statuses", STATUSES.stream().map(status -> Map.of("name", status.name(), "n", totals.of(status), "alert",
				totals.of(status) > 0 && status != NoticeStatus.SENT)).toList());
		m.put("total", totals.total());
		m.put("duplicates", totals.possibleDuplicates());
		m.put("deadlines", deadlines.stream().map(d -> Map.of("cells", d.cells(), "late", d.outcome() != null
				&& d.outcome().sentLate() > 0)).toList());
		List<String> statusNames = STATUSES.stream().map(NoticeStatus::name).toList();
		m.put("tables", tables.entrySet().stream().map(table -> Map.of("title", table.getKey(), "statuses", statusNames, "rows",
				table.getValue().entrySet().stream().map(row -> Map.of("key", row.getKey(), "counts",
						STATUSES.stream().map(row.getValue()::of).toList(), "total", row.getValue().total())).toList()))
			.toList());
		m.put("undelivered", undelivered.stream().map(n -> Map.of("id", n.id(), "type", n.type().name(), "locale", n.locale(), "email",
				Masking.email(n.email()), "status", n.status().name(), "reply",
				(n.replyCode() == null ? "" : n.replyCode() + " ") + Masking.redactAddresses(n.replyText()), "when",
				n.finishedAt() == null ? "" : n.finishedAt().toString())).toList());
		m.put("substitutes", substitutes);
		LedgerVerifier.Result ledger = proof.ledger();
		m.put("ledger", Map.of("entries", ledger.entries(), "headHash", String.valueOf(ledger.headHash()), "valid", ledger.valid(),
				"problem", String.valueOf(ledger.problem()), "checkpoints", ledger.checkpoints(), "unanchored", ledger.unanchored()));
		m.put("anchorFile", checkpoints.anchors().path().toString());
		m.put("keyId", checkpoints.key().keyId());
		m.put("checkpoints", proof.checkpoints().stream().map(c -> Map.of("number", c.number(), "entries", c.entries(), "headHash",
				c.headHash(), "signedAt", c.signedAt(), "keyId", c.keyId())).toList());
		Reconciliation.Result table = proof.reconciliation();
		m.put("reconciliation", Map.of("notices", table.notices(), "differing", table.differing(), "examples", table.examples()));
		m.put("doNotFile", !ledger.valid() || table.differing() > 0);
		m.put("declaration", Map.of("sent", totals.of(NoticeStatus.SENT), "failed", totals.of(NoticeStatus.FAILED_PERMANENT)
				+ totals.of(NoticeStatus.FAILED_TRANSIENT) + totals.of(NoticeStatus.BOUNCED), "unknown", totals.of(NoticeStatus.UNKNOWN)));
		return m;
	}

	private static void writeCsv(Path file, Map<String, Map<String, NoticeCounts>> tables, List<Deadline> deadlines, List<String[]> substitutes,
			Proof proof, long duplicates) throws IOException {
		LedgerVerifier.Result ledger = proof.ledger();
		try (Writer writer = Files.newBufferedWriter(file);
				SpreadsheetCsv csv = SpreadsheetCsv.open(writer, "section", "key", "status", "value")) {
			tables.forEach((title, rows) -> rows.forEach((key, counts) -> STATUSES.stream().filter(status -> counts.of(status) > 0)
				.forEach(status -> print(csv, title.toLowerCase(), key, status.name(), Long.toString(counts.of(status))))));
			for (Deadline d : deadlines) {
				List<String> cells = d.cells();
				print(csv, "deadline", d.jurisdiction(), "due", cells.get(2));
				if (d.outcome() != null) {
					print(csv, "deadline", d.jurisdiction(), "sent_on_time", cells.get(3));
					print(csv, "deadline", d.jurisdiction(), "sent_late", cells.get(4));
					print(csv, "deadline", d.jurisdiction(), "not_delivered", cells.get(5));
				}
			}
			substitutes.forEach(s -> print(csv, "substitute_notice", s[0], "undeliverable", s[1]));
			print(csv, "notices", "possible_duplicates", "", Long.toString(duplicates));
			print(csv, "ledger", "head_hash", "", ledger.headHash());
			print(csv, "ledger", "verification", "", ledger.valid() ? "intact" : "broken: " + ledger.problem());
			print(csv, "ledger", "notices_differing_from_table", "", Long.toString(proof.reconciliation().differing()));
			for (Checkpoint c : proof.checkpoints()) {
				print(csv, "checkpoint", Long.toString(c.number()), "entries", Long.toString(c.entries()));
				print(csv, "checkpoint", Long.toString(c.number()), "head_hash", c.headHash());
				print(csv, "checkpoint", Long.toString(c.number()), "signed_at", c.signedAt());
			}
		}
	}

	private static void writeUndelivered(Path file, List<UndeliveredNotice> undelivered) throws IOException {
		try (Writer writer = Files.newBufferedWriter(file);
				SpreadsheetCsv csv = SpreadsheetCsv.open(writer, "notice_id", "type", "locale", "email", "status", "reply_code",
						"reply_text", "finished_at")) {
			for (UndeliveredNotice n : undelivered) {
				csv.row(n.id(), n.type().name(), n.locale(), n.email(), n.status().name(), n.replyCode(), n.replyText(), n.finishedAt());
			}
		}
	}

	private static void print(SpreadsheetCsv csv, String... values) {
		csv.row((Object[]) values);
	}

}
