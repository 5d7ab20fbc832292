package org.example.breachnotice.support;

import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsheetCsvTests {

	@Test
	void textThatASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe() throws Exception {
		StringWriter out = new StringWriter();
		try (SpreadsheetCsv csv = SpreadsheetCsv.open(out, "a", "b", "c", "d", "e", "f", "g", "h")) {
			csv.row("=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "safe = text", -5L);
		}
		assertThat(out.toString()).isEqualTo("a,b,c,d,e,f,g,h\r\n"
				+ "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\",'+1+1,'-2+3,'@SUM(A1),'\tcmd,\"'\rcmd\",safe = text,-5\r\n");
	}

}
