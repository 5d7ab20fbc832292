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

	/** Bytes that may stand for themselves: printable ASCII but "=", space and tab (not at a line's end). */
	private static final boolean[] LITERAL = new boolean[256];

	static {
		for (int b = 33; b <= 126; b++) {
			LITERAL[b] = b != '=';
		}
		LITERAL[' '] = true;
		LITERAL['\t'] = true;
	}

	private QuotedPrintable() {
	}

	static byte[] encode(String text) {
		byte[] in = text.getBytes(StandardCharsets.UTF_8);
		// Mostly printable text needs little more than its own size; grown when it does not fit.
		byte[] out = new byte[in.length + in.length / 16 + 16];
		int n = 0;
		int column = 0;
		int i = 0;
		while (i < in.length) {
			int b = in[i] & 0xFF;
			out = room(out, n, 6);
			if (b == '\r' || b == '\n') {
				i += (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') ? 2 : 1;
				out[n++] = '\r';
				out[n++] = '\n';
				column = 0;
				continue;
			}
			// Copied in runs, not byte by byte: notices are mostly printable text.
			int run = literalRun(in, i, MAX_LINE - 1 - column);
			if (run > 0) {
				out = room(out, n, run);
				System.arraycopy(in, i, out, n, run);
				n += run;
				column += run;
				i += run;
				continue;
			}
			boolean lineEnds = endsLine(in, i + 1);
			boolean trailingBlank = (b == ' ' || b == '\t') && lineEnds;
			// A byte that could stand for itself, but this line has no room left (bar the soft break's "=").
			boolean lineFull = LITERAL[b] && !trailingBlank;
			if (lineFull || column + 3 > (lineEnds ? MAX_LINE : MAX_LINE - 1)) {
				out[n++] = '=';
				out[n++] = '\r';
				out[n++] = '\n';
				column = 0;
			}
			if (!lineFull) {
				out[n++] = '=';
				out[n++] = HEX[b >> 4];
				out[n++] = HEX[b & 0x0F];
				column += 3;
				i++;
			}
		}
		return Arrays.copyOf(out, n);
	}

	/** How many bytes from {@code from} stand for themselves, at most {@code room}; a blank before a line end does not. */
	private static int literalRun(byte[] in, int from, int room) {
		int end = Math.min(in.length, from + Math.max(room, 0));
		int to = from;
		while (to < end && LITERAL[in[to] & 0xFF]) {
			to++;
		}
		if (to > from && (in[to - 1] == ' ' || in[to - 1] == '\t') && endsLine(in, to)) {
			to--;
		}
		return to - from;
	}

	private static boolean endsLine(byte[] in, int at) {
		return at == in.length || in[at] == '\r' || in[at] == '\n';
	}

	private static byte[] room(byte[] out, int used, int needed) {
		return used + needed <= out.length ? out : Arrays.copyOf(out, Math.max(out.length * 2, used + needed));
	}

}
