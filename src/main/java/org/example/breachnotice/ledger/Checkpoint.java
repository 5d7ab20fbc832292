package org.example.breachnotice.ledger;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed statement that the ledger's first {@code entries} entries end in {@code headHash}.
 * Kept outside the database (an {@link AnchorFile}), it lets a verifier tell a rewritten,
 * shortened or rolled-back ledger from the one that was signed, even when every hash of the chain
 * was recomputed. {@code number} counts the checkpoints of one anchor file from 1; {@code incident}
 * is the one whose run or command made it (the chain itself spans every incident).
 */
public record Checkpoint(long number, String incident, long entries, String headHash, String signedAt, String keyId,
		String signature) {

	/** The text that is signed: canonical JSON of every field but the signature, with a purpose prefix. */
	public String signedText() {
		return "breach-notice-checkpoint-v1\n" + CanonicalJson.write(fields());
	}

	Checkpoint withSignature(String signature) {
		return new Checkpoint(number, incident, entries, headHash, signedAt, keyId, signature);
	}

	public boolean verifies(PublicKey key) {
		return Ed25519.keyId(key).equals(keyId) && Ed25519.verify(key, signedText(), signature);
	}

	/** One line of an anchor file. */
	String toLine() {
		Map<String, Object> line = fields();
		line.put("signature", signature);
		return CanonicalJson.write(line);
	}

	@SuppressWarnings("unchecked")
	static Checkpoint parse(String line) {
		// Canonical JSON is a subset of YAML flow style.
		Map<String, Object> m = new org.yaml.snakeyaml.Yaml().load(line);
		return new Checkpoint(((Number) m.get("checkpoint")).longValue(), (String) m.get("incident"),
				((Number) m.get("entries")).longValue(), (String) m.get("head_hash"), (String) m.get("signed_at"),
				(String) m.get("key_id"), (String) m.get("signature"));
	}

	private Map<String, Object> fields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("checkpoint", number);
		fields.put("incident", incident);
		fields.put("entries", entries);
		fields.put("head_hash", headHash);
		fields.put("signed_at", signedAt);
		fields.put("key_id", keyId);
		return fields;
	}

}
