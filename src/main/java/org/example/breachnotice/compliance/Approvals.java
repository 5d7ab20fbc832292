package org.example.breachnotice.compliance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.yaml.snakeyaml.Yaml;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.compliance.ContentRules.Level;
import org.example.breachnotice.ledger.Hashes;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.render.NoticeRenderer;

/**
 * Four-eyes approval. {@code approve} records in the ledger who approved which exact job file,
 * rules file and templates (by SHA-256), with the reasons for any guidance finding overridden. A
 * live send starts only when the latest approval matches the files as they are now, every
 * blocking finding is covered, and the operator is not the approver.
 */
@Component
public class Approvals {

	static final String ENTRY = "APPROVAL";

	private final Ledger ledger;

	private final JdbcTemplate jdbc;

	public Approvals(Ledger ledger, JdbcTemplate jdbc) {
		this.ledger = ledger;
		this.jdbc = jdbc;
	}

	public record Approval(long seq, String approvedBy, String recordedAt, Map<String, String> files,
			Map<String, String> overrides) {
	}

	/** What an approval covers: the job file, the rules file and every template file, by hash. */
	public static Map<String, String> fingerprint(Campaign campaign) {
		Map<String, String> files = new TreeMap<>();
		files.put("job file " + campaign.jobFile().getFileName(), Hashes.sha256(campaign.jobFile()));
		files.put("rules file " + campaign.compliance().rules().getFileName(), Hashes.sha256(campaign.compliance().rules()));
		new NoticeRenderer(campaign.templates()).hashesOfAllFiles()
			.forEach((name, hash) -> files.put("template " + name, hash));
		return files;
	}

	/**
	 * Records an approval after checking that nothing at law level is found and every guidance
	 * finding has a reason.
	 * @throws ComplianceRefusal when the campaign cannot be approved as it is
	 */
	@Transactional
	public long approve(Campaign campaign, Preflight.Result preflight, String approver, Map<String, String> overrides) {
		List<String> problems = new ArrayList<>();
		preflight.findings().stream().filter(f -> f.level() == Level.LAW)
			.forEach(f -> problems.add("law finding " + f.ruleId() + " at " + f.where() + ": " + f.message()));
		new TreeSet<>(preflight.findings().stream().filter(f -> f.level() == Level.GUIDANCE).map(Finding::ruleId).toList())
			.stream().filter(rule -> !overrides.containsKey(rule))
			.forEach(rule -> problems.add("guidance finding " + rule + " has no override: add --override " + rule + "=\"reason\""));
		if (!problems.isEmpty()) {
			throw new ComplianceRefusal("Not approved:\n  " + String.join("\n  ", problems));
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("approved_by", approver.strip());
		fields.put("files_sha256", fingerprint(campaign));
		fields.put("overrides", new TreeMap<>(overrides));
		fields.put("findings", Map.of("law", preflight.count(Level.LAW), "guidance", preflight.count(Level.GUIDANCE),
				"practice", preflight.count(Level.PRACTICE)));
		fields.put("jurisdictions", preflight.jurisdictions());
		long seq = ledger.append(campaign.incidentId(), ENTRY, fields);
		ledger.checkpointAfterCommit(campaign.incidentId());
		return seq;
	}

	/**
	 * Checks that a live send may start; returns the approval it relies on.
	 * @throws ComplianceRefusal naming what is missing or what changed
	 */
	public Approval checkLiveSend(Campaign campaign, Preflight.Result preflight, String operator) {
		List<Finding> law = preflight.findings().stream().filter(f -> f.level() == Level.LAW).toList();
		if (!law.isEmpty()) {
			throw new ComplianceRefusal("Preflight blocks the live send (" + law.size() + " law finding(s)), e.g. "
					+ law.get(0).ruleId() + " at " + law.get(0).where() + ": " + law.get(0).message()
					+ ". Run `preflight " + campaign.jobFile() + "` for all of them.");
		}
		Approval approval = latest(campaign.incidentId());
		if (approval == null) {
			throw new ComplianceRefusal("No approval recorded for incident " + campaign.incidentId()
					+ ": a second person runs `approve " + campaign.jobFile() + " --by NAME` first.");
		}
		Map<String, String> now = fingerprint(campaign);
		List<String> changed = new ArrayList<>();
		unionOfKeys(now, approval.files()).forEach(file -> {
			String then = approval.files().get(file);
			String current = now.get(file);
			if (then == null || current == null || !then.equals(current)) {
				changed.add(file + (then == null ? " (added)" : current == null ? " (removed)" : " (changed)"));
			}
		});
		if (!changed.isEmpty()) {
			throw new ComplianceRefusal("The approval by " + approval.approvedBy() + " at " + approval.recordedAt()
					+ " is void: " + String.join(", ", changed) + " since then. Review and approve again.");
		}
		preflight.findings().stream().filter(f -> f.level() == Level.GUIDANCE)
			.filter(f -> !approval.overrides().containsKey(f.ruleId())).findFirst().ifPresent(f -> {
				throw new ComplianceRefusal("Guidance finding " + f.ruleId() + " at " + f.where()
						+ " has no override in the approval: approve again with --override " + f.ruleId() + "=\"reason\".");
			});
		if (operator != null && !operator.isBlank()
				&& operator.strip().toLowerCase(Locale.ROOT).equals(approval.approvedBy().strip().toLowerCase(Locale.ROOT))) {
			throw new ComplianceRefusal("Four eyes: " + approval.approvedBy()
					+ " approved this campaign and cannot also launch its live send. Another operator must run it.");
		}
		return approval;
	}

	@SuppressWarnings("unchecked")
	Approval latest(String incidentId) {
		List<Map<String, Object>> rows = jdbc.queryForList(
				"SELECT seq, recorded_at, payload FROM ledger_entry WHERE incident_id = ? AND entry_type = ? ORDER BY seq DESC",
				incidentId, ENTRY);
		if (rows.isEmpty()) {
			return null;
		}
		Map<String, Object> row = rows.get(0);
		// Canonical JSON is a subset of YAML flow style.
		Map<String, Object> payload = new Yaml().load((String) row.get("payload"));
		Map<String, Object> fields = (Map<String, Object>) payload.get("fields");
		return new Approval(((Number) row.get("seq")).longValue(), (String) fields.get("approved_by"),
				(String) row.get("recorded_at"), (Map<String, String>) fields.get("files_sha256"),
				(Map<String, String>) fields.get("overrides"));
	}

	private static Set<String> unionOfKeys(Map<String, String> a, Map<String, String> b) {
		Set<String> keys = new TreeSet<>(a.keySet());
		keys.addAll(b.keySet());
		return keys;
	}

	/** A live send or an approval refused, with what to do about it. */
	public static class ComplianceRefusal extends RuntimeException {

		ComplianceRefusal(String message) {
			super(message);
		}

	}

}
