package org.example.breachnotice.support;

/** Escaping for the HTML reports this tool writes (notices themselves are escaped by FreeMarker). */
public final class Html {

	private Html() {
	}

	public static String escape(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '&' -> out.append("&amp;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	/** The head and opening body of a report page: readable in a browser and when printed. */
	public static String page(String title) {
		return """
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="UTF-8"/><title>%s</title>
				<style>
				body{font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a;max-width:1100px;margin:0 auto;padding:24px}
				h1{font-size:24px;margin-bottom:4px} h2{font-size:19px;margin-top:28px;border-bottom:1px solid #ccc;padding-bottom:4px}
				table{border-collapse:collapse;width:100%%;margin:8px 0 16px} th,td{border:1px solid #d0d0d0;padding:6px 8px;text-align:left;vertical-align:top}
				th{background:#f2f2f2} td.num{text-align:right;font-variant-numeric:tabular-nums}
				.law{background:#fde2e2} .guidance{background:#fff3cd} .practice{background:#e8f1fb}
				.ok{color:#0a7a2f;font-weight:bold} .bad{color:#b00020;font-weight:bold} .muted{color:#666} code{font-size:13px}
				</style></head><body>
				""".formatted(escape(title));
	}

}
