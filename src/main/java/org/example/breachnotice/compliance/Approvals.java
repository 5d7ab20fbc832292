package org.example.breachnotice.compliance;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.compliance.ContentRules.Level;
import org.example.breachnotice.compliance.Keyring.Approver;
import org.example.breachnotice.ledger.CanonicalJson;
import org.example.breachnotice.ledger.Ed25519;
import org.example.breachnotice.ledger.Hashes;
import org.example.breachnotice.ledger.Ledger;
import org.example.breachnotice.ledger.LedgerStore;
import org.example.breachnotice.render.NoticeRenderer;

/**
 * Four-eyes approval, signed. An approver holds an Ed25519 key whose public half is in the keyring
 * the job file names; {@code approve --key} signs the incident, the SHA-256 of the job file, rules
 * file, templates and input files (so the recipient list is approved too), the overrides, the key
 * id and the time, and records it in the ledger. A live send starts only when the latest approval's
 * signature verifies against the keyring as it is now, the files are unchanged, every blocking
 * finding is covered, and the operator is not the approver. A row forged into the database, an
 * approval for other files or by a key since removed from the keyring is refused, naming why.
 */
@Component
public class Approvals {

	static final String ENTRY = "APPROVAL";

	static final String KEYRING_ENTRY = "KEYRING";

	private final Ledger ledger;

	private final LedgerStore ledgerStore;

	private final Clock clock;

	public Approvals(Ledger ledger, LedgerStore ledgerStore, Clock clock) {
		this.ledger = ledger;
		this.ledgerStore = ledgerStore;
		this.clock = clock;
	}

	public record Approval(long seq, String approvedBy, String keyId, String approvedAt, Map<String, String> files,
			Map<String, String> overrides, String signature) {

		/** What the approver's key signs: the approval's content, with a purpose prefix. */
		String signedText(String incident) {
			return Approvals.signedText(incident, files, overrides, keyId, approvedAt);
		}

	}

	/** What an approval covers: the job file, the rules file, every template file and every input file, by hash. */
	public static Map<String, String> fingerprint(Campaign campaign) {
		Map<String, String> files = new TreeMap<>();
		files.put("job file " + campaign.jobFile().getFileName(), Hashes.sha256(campaign.jobFile()));
		files.put("rules file " + campaign.compliance().rules().getFileName(), Hashes.sha256(campaign.compliance().rules()));
		new NoticeRenderer(campaign.templates()).hashesOfAllFiles()
			.forEach((name, hash) -> files.put("template " + name, hash));
		Path base = campaign.jobFile().toAbsolutePath().getParent();
		for (Path input : campaign.inputFiles()) {
			files.put("input " + base.relativize(input.toAbsolutePath()), Hashes.sha256(input));
		}
		return files;
	}

	/**
	 * Signs and records an approval after checking that nothing at law level is found, every
	 * guidance finding has a reason, and the key is in the job's keyring.
	 * @throws ComplianceRefusal when the campaign cannot be approved as it is
	 */
	@Transactional
	public Approval approve(Campaign campaign, Preflight.Result preflight, KeyPair key, Map<String, String> overrides) {
		List<String> problems = new ArrayList<>();
		preflight.findings().stream().filter(f -> f.level() == Level.LAW)
			.forEach(f -> problems.add("law finding " + f.ruleId() + " at " + f.where() + ": " + f.message()));
		new TreeSet<>(preflight.findings().stream().filter(f -> f.level() == Level.GUIDANCE).map(Finding::ruleId).toList())
			.stream().filter(rule -> !overrides.containsKey(rule))
			.forEach(rule -> problems.add("guidance finding " + rule + " has no override: add --override " + rule + "=\"reason\""));
		if (!problems.isEmpty()) {
			throw new ComplianceRefusal("Not approved:\n  " + String.join("\n  ", problems));
		}
		Keyring keyring = keyring(campaign);
		String keyId = Ed25519.keyId(key.getPublic());
		Approver approver = keyring.byKeyId(keyId).orElseThrow(() -> new ComplianceRefusal("Key " + keyId
				+ " is not in the approvers keyring " + keyring.file() + ": only the keys listed there may approve. Ask for its"
				+ " public key to be added (`keys generate` prints the entry)."));
		recordKeyring(campaign.incidentId(), keyring);
		String approvedAt = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
		Map<String, String> files = fingerprint(campaign);
		Map<String, String> sortedOverrides = new TreeMap<>(overrides);
		String signature = Ed25519.sign(key.getPrivate(),
				signedText(campaign.incidentId(), files, sortedOverrides, keyId, approvedAt));
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("approved_by", approver.name());
		fields.put("key_id", keyId);
		fields.put("approved_at", approvedAt);
		fields.put("files_sha256", files);
		fields.put("overrides", sortedOverrides);
		fields.put("signature", signature);
		fields.put("findings", Map.of("law", preflight.count(Level.LAW), "guidance", preflight.count(Level.GUIDANCE),
				"practice", preflight.count(Level.PRACTICE)));
		fields.put("jurisdictions", preflight.jurisdictions());
		long seq = ledger.append(campaign.incidentId(), ENTRY, fields);
		ledger.checkpointAfterCommit(campaign.incidentId());
		return new Approval(seq, approver.name(), keyId, approvedAt, files, sortedOverrides, signature);
	}

	/**
	 * Checks that a live send may start; returns the approval it relies on.
	 * @param operator who launches: the --operator name, else the operating-system user
	 * @throws ComplianceRefusal naming what is missing, forged or changed
	 */
	public Approval checkLiveSend(Campaign campaign, Preflight.Result preflight, String operator) {
		List<Finding> law = preflight.findings().stream().filter(f -> f.level() == Level.LAW).toList();
		if (!law.isEmpty()) {
			throw new ComplianceRefusal("Preflight blocks the live send (" + law.size() + " law finding(s)), e.g. "
					+ law.get(0).ruleId() + " at " + law.get(0).where() + ": " + law.get(0).message()
					+ ". Run `preflight " + campaign.jobFile() + "` for all of them.");
		}
		Keyring keyring = keyring(campaign);
		recordKeyring(campaign.incidentId(), keyring);
		Approval approval = latest(campaign.incidentId());
		if (approval == null) {
			throw new ComplianceRefusal("No approval recorded for incident " + campaign.incidentId()
					+ ": an approver runs `approve " + campaign.jobFile() + " --key THEIR_KEY_FILE` first.");
		}
		if (approval.signature() == null || approval.keyId() == null) {
			throw new ComplianceRefusal("The approval in ledger entry " + approval.seq() + " is not signed (an approval of an"
					+ " older version, or a forged row): an approver runs `approve " + campaign.jobFile() + " --key FILE`.");
		}
		Approver approver = keyring.byKeyId(approval.keyId()).orElseThrow(() -> new ComplianceRefusal("The approval in ledger"
				+ " entry " + approval.seq() + " names key " + approval.keyId() + ", which is not in the approvers keyring "
				+ keyring.file() + " (removed since, or the approval was forged). Approve again with a listed key."));
		if (!Ed25519.verify(approver.key(), approval.signedText(campaign.incidentId()), approval.signature())
				|| !approver.name().equals(approval.approvedBy())) {
			throw new ComplianceRefusal("The approval in ledger entry " + approval.seq() + " does not verify with "
					+ approver.name() + "'s key " + approver.keyId() + ": it was forged or altered. Nothing was sent.");
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
			throw new ComplianceRefusal("The approval by " + approval.approvedBy() + " at " + approval.approvedAt()
					+ " is void: " + String.join(", ", changed) + " since then. Review and approve again.");
		}
		preflight.findings().stream().filter(f -> f.level() == Level.GUIDANCE)
			.filter(f -> !approval.overrides().containsKey(f.ruleId())).findFirst().ifPresent(f -> {
				throw new ComplianceRefusal("Guidance finding " + f.ruleId() + " at " + f.where()
						+ " has no override in the approval: approve again with --override " + f.ruleId() + "=\"reason\".");
			});
		if (approver.is(operator)) {
			throw new ComplianceRefusal("Four eyes: " + approval.approvedBy() + " approved this campaign and cannot also launch"
					+ " its live send (operator " + operator + "). Another operator must run it.");
		}
		return approval;
	}

	private static Keyring keyring(Campaign campaign) {
		Path file = campaign.compliance().approvers();
		if (file == null) {
			throw new ComplianceRefusal("The job file names no approvers keyring: add 'approvers: FILE' under 'compliance:'"
					+ " (see the README, \"Approval\"). Nothing can be approved or sent live without it.");
		}
		try {
			return Keyring.load(file);
		}
		catch (IllegalArgumentException ex) {
			throw new ComplianceRefusal(ex.getMessage());
		}
	}

	/** A KEYRING entry whenever the keyring differs from the one the incident's ledger last saw. */
	private void recordKeyring(String incidentId, Keyring keyring) {
		Map<String, Object> last = latestFields(incidentId, KEYRING_ENTRY);
		if (last != null && keyring.sha256().equals(last.get("sha256"))) {
			return;
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("file", keyring.file().toAbsolutePath().toString());
		fields.put("sha256", keyring.sha256());
		fields.put("previous_sha256", last == null ? null : last.get("sha256"));
		fields.put("approvers", keyring.approvers().stream().map(a -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", a.name());
			entry.put("user", a.user());
			entry.put("key_id", a.keyId());
			return entry;
		}).toList());
		ledger.append(incidentId, KEYRING_ENTRY, fields);
	}

	static String signedText(String incident, Map<String, String> files, Map<String, String> overrides, String keyId,
			String approvedAt) {
		Map<String, Object> signed = new LinkedHashMap<>();
		signed.put("incident", incident);
		signed.put("files_sha256", files);
		signed.put("overrides", overrides);
		signed.put("key_id", keyId);
		signed.put("approved_at", approvedAt);
		return "breach-notice-approval-v1\n" + CanonicalJson.write(signed);
	}

	@SuppressWarnings("unchecked")
	Approval latest(String incidentId) {
		Map<String, Object> fields = latestFields(incidentId, ENTRY);
		if (fields == null) {
			return null;
		}
		return new Approval(((Number) fields.get("seq")).longValue(), (String) fields.get("approved_by"),
				(String) fields.get("key_id"), (String) fields.get("approved_at"), (Map<String, String>) fields.get("files_sha256"),
				(Map<String, String>) fields.get("overrides"), (String) fields.get("signature"));
	}

	/** The fields of the incident's latest entry of a type, with its {@code seq}; null when none. */
	private Map<String, Object> latestFields(String incidentId, String type) {
		return ledgerStore.latest(incidentId, type).map(entry -> {
			Map<String, Object> fields = new LinkedHashMap<>(entry.fields());
			fields.put("seq", entry.seq());
			return fields;
		}).orElse(null);
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
