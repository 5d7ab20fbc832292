package org.example.breachnotice.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.support.Pem;

/**
 * DKIM signatures of the notices for the From domain (sender.dkim), with utils-mail-dkim:
 * RSA-SHA256, relaxed/relaxed, the From, To, Subject, Date, Message-ID and MIME headers signed.
 * A notice that verifies for the domain it claims is one way a recipient, or their mail server,
 * tells it from the phishing that the leaked list invites.
 */
public final class DkimSigning {

	private final String domain;

	private final String selector;

	private final RSAPrivateCrtKey key;

	/** A signer keeps one Signature and one MessageDigest: one per sending thread. */
	private final ThreadLocal<DkimSigner> signers;

	private DkimSigning(String domain, String selector, RSAPrivateCrtKey key) {
		this.domain = domain;
		this.selector = selector;
		this.key = key;
		this.signers = ThreadLocal.withInitial(this::signer);
	}

	/** The campaign's signing, or null when the job sets no sender.dkim. */
	public static DkimSigning of(Campaign campaign) {
		Campaign.Dkim dkim = campaign.dkim();
		if (dkim == null) {
			return null;
		}
		String where = "sender.dkim.private_key_file " + dkim.privateKeyFile();
		try {
			String text = Files.readString(dkim.privateKeyFile());
			if (Pem.contains(text, "RSA PRIVATE KEY")) {
				throw new IllegalArgumentException(where + " is a PKCS#1 key: convert it with `openssl pkcs8 -topk8 -nocrypt`");
			}
			byte[] der = Pem.decode(text, "PRIVATE KEY", where);
			if (!(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey rsa)) {
				throw new IllegalArgumentException(where + ": not an RSA private key with its public exponent");
			}
			if (rsa.getModulus().bitLength() < 1024) {
				throw new IllegalArgumentException(where + ": a " + rsa.getModulus().bitLength()
						+ "-bit key; receivers ignore DKIM keys under 1024 bits (use 2048)");
			}
			return new DkimSigning(fromDomain(campaign.from()), dkim.selector(), rsa);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + where, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(where + ": not an RSA private key in PKCS#8 PEM (" + ex.getMessage() + ")", ex);
		}
	}

	/** The message as it goes out: the same headers and body, with a DKIM-Signature header added when written. */
	MimeMessage sign(SMTPMessage message) throws MessagingException {
		DkimMessage signed = new DkimMessage(message, signers.get());
		// The copy does not carry the SMTP envelope sender: the VERP return path would be lost.
		signed.setEnvelopeFrom(message.getEnvelopeFrom());
		return signed;
	}

	/** The DNS record receivers look the public key up in. */
	public String dnsRecord() {
		try {
			byte[] publicKey = KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())).getEncoded();
			return selector + "._domainkey." + domain + ". IN TXT \"v=DKIM1; k=rsa; p="
					+ Base64.getEncoder().encodeToString(publicKey) + "\"";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String domain() {
		return domain;
	}

	private DkimSigner signer() {
		DkimSigner signer = new DkimSigner(domain, selector, key);
		signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
		signer.setHeaderCanonicalization(Canonicalization.RELAXED);
		signer.setBodyCanonicalization(Canonicalization.RELAXED);
		// The library would otherwise look the selector up in DNS before every signature.
		signer.setCheckDomainKey(false);
		return signer;
	}

	private static String fromDomain(String from) {
		try {
			String address = new InternetAddress(from, true).getAddress();
			return address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException("sender.from '" + from + "' is not an address: " + ex.getMessage(), ex);
		}
	}

}
