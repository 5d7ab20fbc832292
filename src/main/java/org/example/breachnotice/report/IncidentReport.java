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
import org.example.breachnotice.notification.OutputFolder;
import org.example.breachnotice.outbox.NoticeCounts;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.OutboxQueries.UndeliveredNotice;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.support.Html;
import org.example.breachnotice.support.Masking;
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
		List<String[]> deadlines = deadlines(incident, facts);
		List<String[]> substitutes = substitutes(incident, facts);
		Proof proof = new Proof(verifier.verify(),
				checkpoints.anchors().read().stream().filter(c -> incident.equals(c.incident())).toList(),
				reconciliation.check(incident));

		Files.createDirectories(folder);
		ReportFiles files = new ReportFiles(OutputFolder.refuseSymlink(folder.resolve("report.html")),
				OutputFolder.refuseSymlink(folder.resolve("report.csv")), OutputFolder.refuseSymlink(folder.resolve("undelivered.csv")));
		Files.writeString(files.html(), html(incident, facts, totals, tables, undelivered, deadlines, substitutes, proof));
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

	/** Per jurisdiction with a deadline: due date, sent on time, sent late, not yet delivered. */
	private List<String[]> deadlines(String incident, RunStarted facts) {
		LocalDate learned = facts.controllerLearned();
		Path rulesFile = facts.rulesFile();
		if (!Files.isRegularFile(rulesFile)) {
			List<String[]> missing = new ArrayList<>();
			missing.add(new String[] { "(rules file " + rulesFile + " not found)", "", "", "", "", "" });
			return missing;
		}
		List<String[]> rows = new ArrayList<>();
		for (Jurisdiction j : ContentRules.load(rulesFile).jurisdictions().values()) {
			LocalDate due = Deadlines.due(j.deadline(), learned);
			if (due == null) {
				continue;
			}
			OutboxQueries.DeadlineOutcome outcome = queries.againstDeadline(incident, j.code(), due);
			String rule = j.deadline().businessDays() > 0
					? j.deadline().businessDays() + " business days (" + j.deadline().calendar() + " holidays)"
					: j.deadline().calendarDays() + " calendar days";
			rows.add(new String[] { j.code(), rule, due.toString(), Long.toString(outcome.sentOnTime()),
					Long.toString(outcome.sentLate()), Long.toString(outcome.notDelivered()) });
		}
		return rows;
	}

	private String html(String incident, RunStarted facts, NoticeCounts totals,
			Map<String, Map<String, NoticeCounts>> tables, List<UndeliveredNotice> undelivered, List<String[]> deadlines,
			List<String[]> substitutes, Proof proof) {
		long duplicates = totals.possibleDuplicates();
		LedgerVerifier.Result ledger = proof.ledger();
		StringBuilder h = new StringBuilder(Html.page("Incident report - " + incident));
		h.append("<h1>Incident report: ").append(Html.escape(incident)).append("</h1>");
		h.append("<p class=\"muted\">Controller: ").append(Html.escape(facts.controller())).append("; unauthorized access ")
			.append(Html.escape(facts.unauthorizedAccess())).append("; controller learned ")
			.append(Html.escape(facts.controllerLearned())).append("; notice date ")
			.append(Html.escape(facts.noticeDate())).append(". Sender ").append(Html.escape(facts.from()))
			.append(". Dates of sending are UTC.</p>");

		h.append("<h2>Summary</h2><table style=\"width:auto;min-width:320px\"><tr><th>Status</th><th>Notices</th></tr>");
		for (NoticeStatus status : STATUSES) {
			long n = totals.of(status);
			h.append("<tr").append(n > 0 && status != NoticeStatus.SENT ? " class=\"law\"" : "").append("><td>").append(status)
				.append("</td><td class=\"num\">").append(n).append("</td></tr>");
		}
		h.append("<tr><th>Total</th><th class=\"num\">").append(totals.total()).append("</th></tr></table>");
		h.append("<p").append(duplicates > 0 ? " class=\"law\"" : "").append(">Possible second copies: ").append(duplicates)
			.append(" notice(s) had an attempt whose connection broke after the message was handed to the relay, and were sent"
					+ " again (their ledger entries say <code>possible_duplicate</code>).</p>");

		h.append("<h2>Deadlines</h2><table><tr><th>Jurisdiction</th><th>Rule</th><th>Due</th><th>Sent on time</th>"
				+ "<th>Sent late</th><th>Not delivered yet</th></tr>");
		for (String[] d : deadlines) {
			boolean late = d.length > 4 && !d[4].isEmpty() && !d[4].equals("0");
			h.append("<tr").append(late ? " class=\"law\"" : "").append(">");
			for (int i = 0; i < d.length; i++) {
				h.append(i >= 3 ? "<td class=\"num\">" : "<td>").append(Html.escape(d[i])).append("</td>");
			}
			h.append("</tr>");
		}
		h.append("</table><p class=\"muted\">Person notices only. Late notices must state the reasons for the delay (RCIS Art. 9 IV).</p>");

		tables.forEach((title, rows) -> {
			h.append("<h2>By ").append(title.toLowerCase()).append("</h2><table><tr><th>").append(title).append("</th>");
			STATUSES.forEach(s -> h.append("<th>").append(s).append("</th>"));
			h.append("<th>Total</th></tr>");
			rows.forEach((key, counts) -> {
				h.append("<tr><td>").append(Html.escape(key)).append("</td>");
				STATUSES.forEach(s -> h.append("<td class=\"num\">").append(counts.of(s)).append("</td>"));
				h.append("<td class=\"num\">").append(counts.total()).append("</td></tr>");
			});
			h.append("</table>");
		});

		h.append("<h2>Not delivered: needs a retry or a substitute notice</h2>");
		if (undelivered.isEmpty()) {
			h.append("<p class=\"ok\">Every notice was delivered.</p>");
		}
		else {
			h.append("<p>").append(undelivered.size()).append(" notice(s); addresses are masked here and complete in undelivered.csv.</p>");
			h.append("<table><tr><th>Notice</th><th>Type</th><th>Locale</th><th>Recipient</th><th>Status</th><th>Reply</th><th>When</th></tr>");
			for (UndeliveredNotice n : undelivered) {
				h.append("<tr class=\"law\"><td class=\"num\">").append(n.id()).append("</td><td>")
					.append(n.type()).append("</td><td>").append(Html.escape(n.locale()))
					.append("</td><td>").append(Html.escape(Masking.email(n.email()))).append("</td><td>")
					.append(n.status()).append("</td><td>")
					.append(n.replyCode() == null ? "" : n.replyCode() + " ")
					.append(Html.escape(Masking.redactAddresses(n.replyText()))).append("</td><td>")
					.append(Html.escape(n.finishedAt())).append("</td></tr>");
			}
			h.append("</table>");
		}

		h.append("<h2>Substitute notice: who direct notice could not reach</h2>");
		if (substitutes.isEmpty()) {
			h.append("<p class=\"ok\">No person notice is undeliverable.</p>");
		}
		else {
			h.append("<table><tr><th>Jurisdiction</th><th>Undeliverable person notices</th><th>When direct notice fails</th>"
					+ "<th>Source</th></tr>");
			for (String[] s : substitutes) {
				h.append("<tr><td>").append(Html.escape(s[0])).append("</td><td class=\"num\">").append(s[1]).append("</td><td>")
					.append(Html.escape(s[2])).append("</td><td>").append(Html.escape(s[3])).append("</td></tr>");
			}
			h.append("</table><p class=\"muted\">Failed for good, or UNKNOWN and not resent. <code>substitute-notice ")
				.append(Html.escape(incident)).append("</code> writes the public notice (no personal data).</p>");
		}

		h.append("<h2>Audit ledger</h2><p>").append(ledger.entries()).append(" entries; head hash <code>")
			.append(Html.escape(ledger.headHash())).append("</code>; verification: ")
			.append(ledger.valid() ? "<span class=\"ok\">intact</span>" : "<span class=\"bad\">BROKEN: " + Html.escape(ledger.problem()) + "</span>")
			.append(" (").append(ledger.checkpoints()).append(" signed checkpoints checked with this state folder's key; ")
			.append(ledger.unanchored()).append(" entries after the last one)</p>");
		h.append("<p>Signed checkpoints of this incident, in the anchor file <code>").append(Html.escape(checkpoints.anchors().path().toString()))
			.append("</code>. An auditor checks them with <code>ledger verify --anchors PATH --public-key FILE</code> and the public key")
			.append(" of key id <code>").append(Html.escape(checkpoints.key().keyId())).append("</code>:</p>")
			.append("<table><tr><th>#</th><th>entries</th><th>head hash</th><th>signed at</th><th>key id</th></tr>");
		for (Checkpoint c : proof.checkpoints()) {
			h.append("<tr><td>").append(c.number()).append("</td><td>").append(c.entries()).append("</td><td><code>")
				.append(Html.escape(c.headHash())).append("</code></td><td>").append(Html.escape(c.signedAt())).append("</td><td>")
				.append(Html.escape(c.keyId())).append("</td></tr>");
		}
		h.append("</table>");
		Reconciliation.Result table = proof.reconciliation();
		h.append("<p>Notice table against the ledger: ").append(table.notices()).append(" notices, ")
			.append(table.differing() == 0 ? "<span class=\"ok\">every outcome agrees</span>"
					: "<span class=\"bad\">" + table.differing() + " differ: the counts above are not what the ledger records"
							+ " (the table was edited); e.g. " + Html.escape(String.join("; ", table.examples())) + "</span>")
			.append("</p>");

		long sent = totals.of(NoticeStatus.SENT);
		long failed = totals.of(NoticeStatus.FAILED_PERMANENT) + totals.of(NoticeStatus.FAILED_TRANSIENT) + totals.of(NoticeStatus.BOUNCED);
		long unknown = totals.of(NoticeStatus.UNKNOWN);
		if (!ledger.valid() || table.differing() > 0) {
			h.append("<p class=\"bad\">Do not file the declarations below: the ledger or the notice table fails the checks"
					+ " above, so their figures are not proven.</p>");
		}
		h.append("<h2>Declaração à ANPD (Resolução CD/ANPD nº 15/2024, art. 9º, §4º)</h2><blockquote><p>")
			.append(Html.escape(facts.controller())).append(" declara que comunicou os titulares afetados pelo incidente ")
			.append(Html.escape(incident)).append(", do qual tomou conhecimento em ").append(Html.escape(facts.controllerLearned()))
			.append(", por meio de mensagem eletrônica individual (e-mail) enviada a partir de ").append(Html.escape(facts.from()))
			.append(", canal habitualmente utilizado com os titulares. Comunicações entregues ao servidor de e-mail: ").append(sent)
			.append(" (das quais ").append(duplicates).append(" possivelmente em duplicidade)")
			.append(". Não entregues: ").append(failed).append("; com resultado desconhecido: ").append(unknown)
			.append(". Para estes, será feita comunicação pelos canais do controlador por, no mínimo, três meses (art. 9º, §3º).</p></blockquote>");
		h.append("<h2>Declaration to the ANPD (English)</h2><blockquote><p>").append(Html.escape(facts.controller()))
			.append(" declares that it notified the data subjects affected by incident ").append(Html.escape(incident))
			.append(", of which it learned on ").append(Html.escape(facts.controllerLearned()))
			.append(", by individual e-mail sent from ").append(Html.escape(facts.from()))
			.append(", the channel it normally uses with them. Notices accepted by the mail server: ").append(sent)
			.append(" (of which ").append(duplicates).append(" possibly twice)")
			.append(". Not delivered: ").append(failed).append("; outcome unknown: ").append(unknown)
			.append(". For these, notice is published on the controller's channels for at least three months (Art. 9 §3).</p></blockquote>");
		h.append("</body></html>\n");
		return h.toString();
	}

	private static void writeCsv(Path file, Map<String, Map<String, NoticeCounts>> tables, List<String[]> deadlines, List<String[]> substitutes,
			Proof proof, long duplicates) throws IOException {
		LedgerVerifier.Result ledger = proof.ledger();
		try (Writer writer = Files.newBufferedWriter(file);
				SpreadsheetCsv csv = SpreadsheetCsv.open(writer, "section", "key", "status", "value")) {
			tables.forEach((title, rows) -> rows.forEach((key, counts) -> STATUSES.stream().filter(status -> counts.of(status) > 0)
				.forEach(status -> print(csv, title.toLowerCase(), key, status.name(), Long.toString(counts.of(status))))));
			for (String[] d : deadlines) {
				print(csv, "deadline", d[0], "due", d.length > 2 ? d[2] : "");
				if (d.length > 5) {
					print(csv, "deadline", d[0], "sent_on_time", d[3]);
					print(csv, "deadline", d[0], "sent_late", d[4]);
					print(csv, "deadline", d[0], "not_delivered", d[5]);
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
