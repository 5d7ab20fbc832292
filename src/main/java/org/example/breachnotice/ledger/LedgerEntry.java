package org.example.breachnotice.ledger;

import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/** One stored ledger row, as export and find show it. */
public record LedgerEntry(long seq, String incidentId, String type, String recordedAt, String recipientHmac,
		String recipientEmail, String payload, String prevHash, String entryHash) {

	/**
	 * The {@code fields} of the payload, read back: the one place a payload is parsed. Canonical
	 * JSON is a subset of YAML flow style, so SnakeYAML reads it without another library.
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Object> fields() {
		Map<String, Object> parsed = new Yaml().load(payload);
		return (Map<String, Object>) parsed.get("fields");
	}

}
