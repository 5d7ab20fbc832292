package org.example.breachnotice.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 key that signs ledger checkpoints, kept outside the database: a key-pair file named
 * by {@value #FILE_VARIABLE}. Without it, for trials, a key is generated once into
 * {@code <home>/secrets/} (owner-only, with a warning), its public half beside it for verifiers.
 */
public record SigningKey(KeyPair pair) {

	public static final String FILE_VARIABLE = "BREACH_NOTICE_SIGNING_KEY_FILE";

	private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

	public static SigningKey fromEnvironmentOrStateFolder(Path home) {
		String configured = System.getenv(FILE_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return new SigningKey(Ed25519.readPair(Path.of(configured.strip())));
		}
		Path file = home.resolve("secrets").resolve("ledger-signing.key");
		if (!Files.exists(file)) {
			KeyPair pair = Ed25519.generate();
			Ed25519.writePair(file, pair);
			try {
				Files.writeString(publicKeyFile(home), Ed25519.publicPem(pair.getPublic()));
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException("Cannot write " + publicKeyFile(home), ex);
			}
			log.warn("{} is not set: generated a checkpoint signing key in {}. An insider who can read the state folder"
					+ " can sign with it: in production keep the key elsewhere and set {}.", FILE_VARIABLE, file, FILE_VARIABLE);
		}
		return new SigningKey(Ed25519.readPair(file));
	}

	/** Where a generated key's public half is written, for {@code ledger verify --public-key}. */
	private static Path publicKeyFile(Path home) {
		return home.resolve("secrets").resolve("ledger-signing.pub");
	}

	public String keyId() {
		return Ed25519.keyId(pair.getPublic());
	}

	public String sign(String text) {
		return Ed25519.sign(pair.getPrivate(), text);
	}

}
