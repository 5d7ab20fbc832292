package org.example.breachnotice.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A message's bytes as the SMTP DATA phase carries them (RFC 5321 4.5.2): a line that starts with
 * "." gets one more, every line ends with CRLF (a bare CR or LF becomes one), and the last line
 * is ended, so that the end-of-data "." can follow at once. The message is written to memory
 * first and stuffed in runs: Angus Mail's stream does the same work a byte at a time through
 * two stream layers, which showed as a sixth of the SMTP exchange's CPU in the profile.
 */
final class DotStuffing {

	private static final byte[] CRLF = { '\r', '\n' };

	private DotStuffing() {
	}

	/** Writes {@code message} to {@code out}, stuffed and ended with CRLF. */
	static void write(Buffer message, OutputStream out) throws IOException {
		byte[] bytes = message.bytes();
		int length = message.size();
		boolean lineStart = true;
		int run = 0; // the first byte not written yet
		for (int i = 0; i < length; i++) {
			byte b = bytes[i];
			if (b == '\r' && i + 1 < length && bytes[i + 1] == '\n') {
				i++;
				lineStart = true;
			}
			else if (b == '\r' || b == '\n') {
				out.write(bytes, run, i - run);
				out.write(CRLF);
				run = i + 1;
				lineStart = true;
			}
			else {
				if (lineStart && b == '.') {
					out.write(bytes, run, i - run);
					out.write('.');
					run = i; // this dot goes out with the rest of its line
				}
				lineStart = false;
			}
		}
		out.write(bytes, run, length - run);
		if (!lineStart) {
			out.write(CRLF);
		}
	}

	/** A byte buffer that lends its array: one per connection, reused for every message. */
	static final class Buffer extends ByteArrayOutputStream {

		Buffer() {
			super(16 * 1024);
		}

		byte[] bytes() {
			return buf;
		}

	}

}
