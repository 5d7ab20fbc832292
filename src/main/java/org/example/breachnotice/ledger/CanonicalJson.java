package org.example.breachnotice.ledger;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one serialization that ledger hashes are computed over: JSON with keys sorted, no
 * whitespace, integers only (RFC 8785 for the value types the ledger uses). Anyone can recompute
 * a hash from an export with a few lines of code in any language.
 */
public final class CanonicalJson {

	private CanonicalJson() {
	}

	public static String write(Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	private static void write(Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String s) {
			string(s, out);
		}
		else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
			out.append(value);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			String separator = "";
			for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
				out.append(separator);
				separator = ",";
				string((String) entry.getKey(), out);
				out.append(':');
				write(entry.getValue(), out);
			}
			out.append('}');
		}
		else if (value instanceof Collection<?> list) {
			out.append('[');
			String separator = "";
			for (Object item : list) {
				out.append(separator);
				separator = ",";
				write(item, out);
			}
			out.append(']');
		}
		else {
			throw new IllegalArgumentException("not a ledger value type: " + value.getClass().getName());
		}
	}

	private static void string(String s, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
