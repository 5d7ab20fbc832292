package org.example.breachnotice.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Quoted-printable (RFC 2045 6.7) of a text body in UTF-8, encoded once into bytes. Jakarta
 * Mail encodes a body while it writes the message, a byte at a time through four stream layers,
 * and scans it once more to choose the encoding: at thousands of messages a second that was
 * half the CPU of building and writing a notice. A part built from these bytes is copied as is.
 * <p>
 * Any line break (CRLF, LF or CR) becomes CRLF; lines longer than 76 characters get soft breaks;
 * a space or tab at the end of a line is encoded, so no relay can strip it.
 */
final class QuotedPrintable {

	private static final int MAX_LINE = 76;

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private QuotedPrintable() {
	}

	static byte[] encode(String text) {
		byte[] in = text.getBytes(StandardCharsets.UTF_8);
		// Worst case: every byte as =XX, plus a soft break every 24 of them.
		byte[] out = new byte[in.length * 3 + (in.length / 24 + 1) * 3];
		int n = 0;
		int column = 0;
		for (int i = 0; i < in.length; i++) {
			int b = in[i] & 0xFF;
			if (b == '\r' || b == '\n') {
				if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
					i++;
				}
				out[n++] = '\r';
				out[n++] = '\n';
				column = 0;
				continue;
			}
			boolean lineEnds = i + 1 == in.length || in[i + 1] == '\r' || in[i + 1] == '\n';
			boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEnds);
			int width = literal ? 1 : 3;
			// Room for this character, plus the "=" of a soft break unless the line ends right after it.
			if (column + width > (lineEnds ? MAX_LINE : MAX_LINE - 1)) {
				out[n++] = '=';
				out[n++] = '\r';
				out[n++] = '\n';
				column = 0;
			}
			if (literal) {
				out[n++] = (byte) b;
			}
			else {
				out[n++] = '=';
				out[n++] = HEX[b >> 4];
				out[n++] = HEX[b & 0x0F];
			}
			column += width;
		}
		return Arrays.copyOf(out, n);
	}

}
