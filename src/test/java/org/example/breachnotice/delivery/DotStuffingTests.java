package org.example.breachnotice.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DotStuffingTests {

	@Test
	void doublesLeadingDotsEndsEveryLineWithCrlfAndEndsTheLastLine() throws Exception {
		assertThat(stuffed(".\r\n..x\r\na.b\r\n.")).isEqualTo("..\r\n...x\r\na.b\r\n..\r\n");
		assertThat(stuffed("a\nb\rc\r\n\n.d")).isEqualTo("a\r\nb\r\nc\r\n\r\n..d\r\n");
		assertThat(stuffed("")).isEmpty();
		assertThat(stuffed("end\r\n")).isEqualTo("end\r\n");
		assertThat(stuffed("a\r")).isEqualTo("a\r\n");
	}

	@Test
	void writesWhatAngusMailsStreamWrites() throws Exception {
		// The stream our client used before: the same bytes on the wire for any message.
		Random random = new Random(7);
		String alphabet = "ab.\r\n =é";
		for (int round = 0; round < 2000; round++) {
			StringBuilder text = new StringBuilder();
			for (int i = random.nextInt(60); i > 0; i--) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			byte[] message = text.toString().getBytes(StandardCharsets.UTF_8);
			ByteArrayOutputStream angus = new ByteArrayOutputStream();
			SMTPOutputStream data = new SMTPOutputStream(angus);
			data.write(message);
			data.ensureAtBOL();
			data.flush();
			assertThat(stuffed(text.toString())).as(text.toString()).isEqualTo(angus.toString(StandardCharsets.UTF_8));
		}
	}

	private static String stuffed(String message) throws Exception {
		DotStuffing.Buffer buffer = new DotStuffing.Buffer();
		buffer.write(message.getBytes(StandardCharsets.UTF_8));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		DotStuffing.write(buffer, out);
		return out.toString(StandardCharsets.UTF_8);
	}

}
