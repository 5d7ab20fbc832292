package org.example.breachnotice.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed HMAC-SHA256 of a normalized e-mail address: what the hashed ledger payload holds instead
 * of the address, so that addresses can be erased at the end of retention without breaking the
 * chain, while {@code ledger find} still finds every entry of one person.
 * <p>
 * The key comes from the environment ({@value #KEY_VARIABLE}, hex or text). Without it, a random
 * key is generated once in the state folder, which is fine for trials and says so in the log.
 */
public final class RecipientHmac {

	public static final String KEY_VARIABLE = "BREACH_NOTICE_LEDGER_KEY";

	private static final Logger log = LoggerFactory.getLogger(RecipientHmac.class);

	private final SecretKeySpec key;

	/** A Mac per thread: creating one per address costs more than the HMAC itself. */
	private final ThreadLocal<Mac> macs;

	RecipientHmac(byte[] key) {
		this.key = new SecretKeySpec(key, "HmacSHA256");
		this.macs = ThreadLocal.withInitial(() -> {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(this.key);
				return mac;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	public static RecipientHmac fromEnvironmentOrStateFolder(Path home) {
		String configured = System.getenv(KEY_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return new RecipientHmac(configured.strip().getBytes(StandardCharsets.UTF_8));
		}
		Path file = home.resolve("secrets").resolve("ledger-hmac.key");
		try {
			if (!Files.exists(file)) {
				Files.createDirectories(file.getParent());
				byte[] random = new byte[32];
				new SecureRandom().nextBytes(random);
				Files.writeString(file, HexFormat.of().formatHex(random));
				try {
					Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
				}
				catch (UnsupportedOperationException ex) {
					// not a POSIX file system: the folder's own permissions apply
				}
				log.warn("{} is not set: generated a ledger HMAC key in {}. In production set {} from your secret store.",
						KEY_VARIABLE, file, KEY_VARIABLE);
			}
			return new RecipientHmac(Files.readString(file).strip().getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the ledger key " + file, ex);
		}
	}

	/** HMAC of the address as the dedupe key sees it: case of the local part and domain folded. */
	public String of(String email) {
		return HexFormat.of().formatHex(macs.get().doFinal(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
	}

	/** Identifies the key without revealing it, so a verifier can tell which key a run used. */
	public String fingerprint() {
		return of("key-fingerprint").substring(0, 16);
	}

}
