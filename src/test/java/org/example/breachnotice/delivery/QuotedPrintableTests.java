package org.example.breachnotice.delivery;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotedPrintableTests {

	@Test
	void decodesBackToTheTextWithCrlfLineBreaks() throws Exception {
		String text = "Olá, João!\nSeus dados = nome, e-mail\r\ncity: São Paulo \t\rend. " + "x".repeat(200) + " \n"
				+ "=".repeat(40) + "\n\u202Egnp.exe \uD83D\uDE00 <script>alert(1)</script>\n.\n";
		assertThat(decode(QuotedPrintable.encode(text))).isEqualTo(text.replaceAll("\r\n|\r|\n", "\r\n"));
	}

	@Test
	void randomTextRoundTripsInShortPrintableLinesWithoutTrailingWhitespace() throws Exception {
		Random random = new Random(42);
		String alphabet = "ab =\t\r\n.é漢\uD83D\uDE00-";
		for (int round = 0; round < 500; round++) {
			StringBuilder text = new StringBuilder();
			for (int i = random.nextInt(400); i > 0; i--) {
				int at = random.nextInt(alphabet.length());
				char c = alphabet.charAt(at);
				text.append(Character.isHighSurrogate(c) ? alphabet.substring(at, at + 2) : Character.isLowSurrogate(c) ? "z" : String.valueOf(c));
			}
			byte[] encoded = QuotedPrintable.encode(text.toString());
			String ascii = new String(encoded, StandardCharsets.US_ASCII);
			for (String line : ascii.split("\r\n", -1)) {
				assertThat(line.length()).as(ascii).isLessThanOrEqualTo(76);
				assertThat(line).doesNotEndWith(" ").doesNotEndWith("\t").matches("[\\x20-\\x7E\\t]*");
			}
			assertThat(ascii.replace("\r\n", "")).doesNotContain("\r", "\n");
			assertThat(decode(encoded)).isEqualTo(text.toString().replaceAll("\r\n|\r|\n", "\r\n"));
		}
	}

	private static String decode(byte[] encoded) throws Exception {
		return new String(MimeUtility.decode(new ByteArrayInputStream(encoded), "quoted-printable").readAllBytes(),
				StandardCharsets.UTF_8);
	}

}
