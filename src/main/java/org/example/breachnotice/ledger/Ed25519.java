package org.example.breachnotice.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.example.breachnotice.support.Pem;

/**
 * Ed25519 keys and signatures with the JDK's own EdDSA: the ledger's checkpoint key and the
 * approvers' keys. A key-pair file holds a PKCS#8 {@code PRIVATE KEY} and an X.509
 * {@code PUBLIC KEY} PEM block (the JDK cannot derive the public key from the private one); a
 * public-key file holds the second block only, as {@code openssl pkey -pubout} writes it.
 */
public final class Ed25519 {

	private Ed25519() {
	}

	public static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Writes a new key-pair file, owner-only; refuses to overwrite one (it may be the only copy of a key). */
	public static void writePair(Path file, KeyPair pair) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, "", StandardOpenOption.CREATE_NEW);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the folder's own permissions apply
			}
			Files.writeString(file, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()) + publicPem(pair.getPublic()));
		}
		catch (java.nio.file.FileAlreadyExistsException ex) {
			throw new IllegalArgumentException(file + " exists already: a key file is never overwritten. Choose another path.");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the key file " + file, ex);
		}
	}

	/** The public key as a PEM block, for a public-key file or a keyring. */
	public static String publicPem(PublicKey key) {
		return Pem.encode("PUBLIC KEY", key.getEncoded());
	}

	/** Reads a key-pair file as {@link #writePair} writes it. */
	public static KeyPair readPair(Path file) {
		String text = read(file);
		return new KeyPair(decodePublic(Pem.decode(text, "PUBLIC KEY", file.toString())),
				decodePrivate(Pem.decode(text, "PRIVATE KEY", file.toString()), file));
	}

	/** Reads the public key of a public-key file (or of a key-pair file). */
	public static PublicKey readPublic(Path file) {
		return decodePublic(Pem.decode(read(file), "PUBLIC KEY", file.toString()));
	}

	/** A public key from its PEM block or its bare base64 (a keyring entry); {@code where} names it in errors. */
	public static PublicKey parsePublic(String text, String where) {
		try {
			return decodePublic(Pem.contains(text, "PUBLIC KEY") ? Pem.decode(text, "PUBLIC KEY", where)
					: Base64.getMimeDecoder().decode(text.strip()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(where + ": not an Ed25519 public key (" + ex.getMessage() + ")", ex);
		}
	}

	/** Names a public key without showing it whole: the first 16 hex digits of SHA-256 over its encoding. */
	public static String keyId(PublicKey key) {
		return Hashes.sha256(Base64.getEncoder().encodeToString(key.getEncoded())).substring(0, 16);
	}

	public static String sign(PrivateKey key, String text) {
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(key);
			signature.update(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign with Ed25519", ex);
		}
	}

	/** Whether {@code signature} (base64) is the key's signature of {@code text}; false for any malformed input. */
	public static boolean verify(PublicKey key, String text, String signature) {
		try {
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(text.getBytes(StandardCharsets.UTF_8));
			return verifier.verify(Base64.getDecoder().decode(signature));
		}
		catch (GeneralSecurityException | IllegalArgumentException | NullPointerException ex) {
			return false;
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the key file " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static PublicKey decodePublic(byte[] der) {
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 public key: " + ex.getMessage(), ex);
		}
	}

	private static PrivateKey decodePrivate(byte[] der, Path file) {
		try {
			return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(file + ": not an Ed25519 private key: " + ex.getMessage(), ex);
		}
	}


}
