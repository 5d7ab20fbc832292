package org.example.breachnotice.report;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import org.example.breachnotice.testsupport.Chromium;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.ScriptedSmtpServer;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** The report of a run with failures: parsed as XML, and rendered by headless Chromium when installed. */
class IncidentReportIntegrationTests {

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-a,Alpha,Rejected One,reject.one@example.com,,,BR,,,,
			u2,org-a,Alpha,Fine,fine@example.com,São Paulo,SP,BR,,,,
			u3,org-b,Beta,Cali,cali@example.com,Los Angeles,CA,US,,,,
			u4,org-b,Beta,Rejected Two,reject.two@example.com,,,DE,,,,
			""";

	@TempDir
	Path temp;

	@Test
	void aRunWithFailuresShowsThemWithDeadlinesLedgerAndTheAnpdDeclaration() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, null, 0.0);
		Path home = temp.resolve("home");
		try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
			assertThat(Cli.runSmtp(job, home, smtp.port()).exitCode()).isZero();
		}

		Cli.Result result = Cli.run("report", "mixpanel-2025-11", "--home", home.toString());

		assertThat(result.exitCode()).as(result.output()).isZero();
		Path folder = home.resolve("out/mixpanel-2025-11");
		Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(folder.resolve("report.html").toFile());
		assertThat(text(html, "//h1")).isEqualTo("Incident report: mixpanel-2025-11");
		assertThat(text(html, "//h2[.='At a glance']/following-sibling::ul[1]")).contains("Notified: 2 of 4",
				"Need a retry or a substitute notice: 2");
		assertThat(text(html, "(//*[local-name()='svg'])[1]/*[local-name()='title']")).contains("against each legal deadline");
		assertThat(text(html, "(//*[local-name()='svg'])[2]/*[local-name()='title']")).contains("outcomes by jurisdiction");
		assertThat(Files.readString(folder.resolve("report.html"))).as("drawn on our side: no script, nothing fetched")
			.doesNotContain("<script", "href=", "src=");
		assertThat(text(html, "//table[1]//tr[td[1]='SENT']/td[2]")).isEqualTo("2");
		assertThat(text(html, "//table[1]//tr[td[1]='FAILED_PERMANENT']/td[2]")).isEqualTo("2");
		assertThat(text(html, "//h2[starts-with(., 'Not delivered')]/following-sibling::table[1]")).contains("r***@e***.com",
				"FAILED_PERMANENT", "550").doesNotContain("reject.one@example.com");
		assertThat(text(html, "//table[2]//tr[td[1]='BR']/td[3]")).isEqualTo("2025-11-28");
		assertThat(text(html, "//table[2]//tr[td[1]='US-CA']/td[3]")).isEqualTo("2025-12-25");
		assertThat(text(html, "//h2[.='Audit ledger']/following-sibling::p[1]")).contains("head hash", "intact");
		assertThat(text(html, "//blockquote[1]")).contains("declara que comunicou os titulares", "Não entregues: 2");

		assertThat(Files.readAllLines(folder.resolve("undelivered.csv"))).hasSize(3)
			.anyMatch(line -> line.contains("reject.two@example.com") && line.contains("FAILED_PERMANENT"));
		assertThat(Files.readString(folder.resolve("report.csv"))).contains("notice type,person,FAILED_PERMANENT,2",
				"deadline,BR,due,2025-11-28", "ledger,verification,,intact");
		assertThat(Files.readString(folder.resolve("report.csv"))).containsPattern("checkpoint,1,head_hash,[0-9a-f]{64}")
			.contains("ledger,notices_differing_from_table,,0");
		assertThat(text(html, "//h2[.='Audit ledger']/following-sibling::p[3]")).contains("every outcome agrees");

		// An insider marks the failures delivered in the notice table, leaving the signed ledger alone.
		StateDb.update(home, "UPDATE notice SET status = 'SENT' WHERE status = 'FAILED_PERMANENT'");
		assertThat(Cli.run("report", "mixpanel-2025-11", "--home", home.toString()).exitCode()).isZero();
		Document edited = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(folder.resolve("report.html").toFile());
		assertThat(text(edited, "//h2[.='Audit ledger']/following-sibling::p[3]")).contains("2 differ",
				"table SENT, ledger NOTICE_FAILED_PERMANENT");
		assertThat(text(edited, "//p[@class='bad']")).contains("Do not file the declarations below");
		assertThat(Files.readString(folder.resolve("report.csv"))).contains("ledger,notices_differing_from_table,,2");
		assertThat(text(html, "//h2[.='Audit ledger']/following-sibling::table[1]//tr[2]/td[1]")).isEqualTo("1");

		Chromium.screenshot(folder.resolve("report.html"), temp);
	}

	private static String text(Document document, String xpath) throws Exception {
		NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
		assertThat(nodes.getLength()).as(xpath).isPositive();
		return nodes.item(0).getTextContent().strip();
	}


}
