package org.example.breachnotice.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;

import org.example.breachnotice.ledger.Ed25519;

/** The approver of the test jobs: one Ed25519 key pair per test JVM, and the keyring that lists it. */
public final class TestKeys {

	public static final String APPROVER = "test-approver";

	private static Path approverKey;

	private TestKeys() {
	}

	/** The approver's key-pair file, generated on first use. */
	public static synchronized Path approverKey() {
		if (approverKey == null) {
			try {
				Path folder = Files.createTempDirectory("breach-notice-test-keys");
				approverKey = folder.resolve("approver.key");
				Ed25519.writePair(approverKey, Ed25519.generate());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return approverKey;
	}

	/** Writes a keyring listing the test approver (and any more keys) into {@code file}. */
	public static Path writeKeyring(Path file, KeyPair... more) throws IOException {
		StringBuilder keyring = new StringBuilder("approvers:\n");
		entry(keyring, APPROVER, Ed25519.readPair(approverKey()));
		for (int i = 0; i < more.length; i++) {
			entry(keyring, "other-approver-" + (i + 1), more[i]);
		}
		Files.writeString(file, keyring);
		return file;
	}

	private static void entry(StringBuilder keyring, String name, KeyPair pair) {
		keyring.append("  - name: ").append(name).append("\n    public_key: ")
			.append(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())).append('\n');
	}

}
