package org.example.breachnotice.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM blocks (RFC 7468) of the key files we read and write: ledger, approver and DKIM keys. */
public final class Pem {

	private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

	private Pem() {
	}

	/** The DER bytes of the first block of this type; {@code where} names the file in the error. */
	public static byte[] decode(String text, String type, String where) {
		Matcher matcher = BLOCK.matcher(text);
		while (matcher.find()) {
			if (matcher.group(1).equals(type)) {
				return Base64.getMimeDecoder().decode(matcher.group(2));
			}
		}
		throw new IllegalArgumentException(where + " holds no '-----BEGIN " + type + "-----' block");
	}

	public static boolean contains(String text, String type) {
		return text.contains("-----BEGIN " + type + "-----");
	}

	public static String encode(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
