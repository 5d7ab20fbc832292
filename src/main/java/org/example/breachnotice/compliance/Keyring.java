package org.example.breachnotice.compliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.Yaml;

import org.example.breachnotice.ledger.Ed25519;
import org.example.breachnotice.ledger.Hashes;

/**
 * The public keys of those allowed to approve a live send, in a YAML file that the job file names
 * ({@code compliance.approvers}) and that is reviewed like code:
 * <pre>
 * approvers:
 *   - name: Ana Compliance
 *     user: ana                 # optional: her login, which may then not launch what she approved
 *     public_key: MCowBQYDK2VwAyEA...
 * </pre>
 */
public record Keyring(Path file, String sha256, List<Approver> approvers) {

	public record Approver(String name, String user, PublicKey key, String keyId) {

		/** Whether this operator is the approver: by name or login, case folded. */
		boolean is(String operator) {
			String who = operator.strip().toLowerCase(Locale.ROOT);
			return who.equals(name.strip().toLowerCase(Locale.ROOT)) || (user != null && who.equals(user.strip().toLowerCase(Locale.ROOT)));
		}

	}

	@SuppressWarnings("unchecked")
	public static Keyring load(Path file) {
		Object loaded;
		try {
			loaded = new Yaml().load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the approvers keyring " + file, ex);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(file + ": not YAML (" + ex.getMessage().lines().findFirst().orElse("") + ")", ex);
		}
		if (!(loaded instanceof Map<?, ?> top) || !(top.get("approvers") instanceof List<?> entries)) {
			throw new IllegalArgumentException(file + ": expected a list under 'approvers:' (see the README, \"Approval\")");
		}
		List<Approver> approvers = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			String where = file + ", approvers[" + i + "]";
			if (!(entries.get(i) instanceof Map<?, ?> entry) || !(entry.get("name") instanceof String name)
					|| !(entry.get("public_key") instanceof String key)) {
				throw new IllegalArgumentException(where + ": needs 'name' and 'public_key'");
			}
			PublicKey publicKey = Ed25519.parsePublic(key, where + ".public_key");
			approvers.add(new Approver(name, entry.get("user") instanceof String user ? user : null, publicKey,
					Ed25519.keyId(publicKey)));
		}
		return new Keyring(file, Hashes.sha256(file), List.copyOf(approvers));
	}

	public Optional<Approver> byKeyId(String keyId) {
		return approvers.stream().filter(a -> a.keyId().equals(keyId)).findFirst();
	}

}
