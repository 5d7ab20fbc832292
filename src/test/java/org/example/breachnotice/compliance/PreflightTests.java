package org.example.breachnotice.compliance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;
import org.w3c.dom.Document;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.compliance.ContentRules.Level;
import org.example.breachnotice.testsupport.Chromium;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** Preflight on the shipped templates, and on copies broken one way at a time. */
class PreflightTests {

	@TempDir
	Path temp;

	Path templates;

	@Test
	void theShippedTemplatesPassForEveryJurisdictionOfTheSample() throws Exception {
		Campaign campaign = CampaignLoader.load(TestJobs.SAMPLE_JOB);
		assertThat(campaign.compliance().jurisdictions()).containsExactly("BR", "EU", "US-CA", "US-MA", "US-NY");

		Preflight.Result result = preflight(campaign);

		assertThat(result.findings()).isEmpty();
		assertThat(result.renderings()).containsOnlyKeys("organization.en", "organization.pt-BR", "person.en", "person.pt-BR",
				"person.en.US-MA", "person.pt-BR.US-MA", "person.en.US-NY", "person.pt-BR.US-NY", "substitute.en", "substitute.pt-BR");
	}

	@Test
	void aMissingLawSlotBlocksAndNamesTheArticleAndTheTemplate() throws Exception {
		List<Finding> findings = findingsAfter("person.pt-BR.txt.ftl", "<@slot name=\"security_measures\">", "<@slot name=\"other\">", "[BR]");

		assertThat(findings).anySatisfy(f -> {
			assertThat(f.level()).isEqualTo(Level.LAW);
			assertThat(f.ruleId()).isEqualTo("BR-SECURITY");
			assertThat(f.cite()).isEqualTo("LGPD Art. 48 §1 III; RCIS Art. 9 II");
			assertThat(f.template()).isEqualTo("person.pt-BR.txt.ftl");
			assertThat(f.message()).contains("security_measures is missing from the text part");
			assertThat(f.blocks()).isTrue();
		});
	}

	@Test
	void aMissingGuidanceSlotNeedsAnOverride() throws Exception {
		List<Finding> findings = findingsAfter("person.en.ftlh", "<@slot name=\"subjects_info\">", "<@slot name=\"intro\">", "[BR]");

		assertThat(findings).filteredOn(f -> f.ruleId().equals("BR-SUBJECTS")).singleElement().satisfies(f -> {
			assertThat(f.level()).isEqualTo(Level.GUIDANCE);
			assertThat(f.blocks()).isTrue();
		});
	}

	@Test
	void aSubstituteNoticeThatNamesARecipientDoesNotRenderAndOneWithoutAContactPointBreaksTheLaw() throws Exception {
		List<Finding> named = findingsAfter("substitute.en.txt.ftl", "To the users of our API platform:", "Dear ${recipient.name},",
				"[BR, EU, US-CA]");
		assertThat(named).anySatisfy(f -> {
			assertThat(f.ruleId()).isEqualTo("TEMPLATE");
			assertThat(f.scope()).isEqualTo("substitute.en");
			assertThat(f.message()).contains("does not render", "recipient");
		});

		List<Finding> noContact = findingsAfter("substitute.pt-BR.ftlh", "<@slot name=\"contact_point\">", "<@slot name=\"contato\">",
				"[BR]");
		assertThat(noContact).anySatisfy(f -> {
			assertThat(f.ruleId()).isEqualTo("BR-CONTACT");
			assertThat(f.level()).isEqualTo(Level.LAW);
			assertThat(f.scope()).isEqualTo("substitute.pt-BR for BR");
		});
	}

	@Test
	void aMissingPracticeSlotOnlyWarns() throws Exception {
		List<Finding> findings = findingsAfter("person.en.ftlh", "<@slot name=\"subject_actions\">", "<@slot name=\"advice\">", "[BR]");

		assertThat(findings).extracting(Finding::ruleId, Finding::level).contains(org.assertj.core.groups.Tuple.tuple("BR-ADVICE", Level.PRACTICE));
		assertThat(findings).filteredOn(f -> f.ruleId().equals("BR-ADVICE")).allMatch(f -> !f.blocks());
	}

	@Test
	void californiaAndMassachusettsConflictOnOneTemplateAndAVariantResolvesIt() throws Exception {
		for (String locale : List.of("en", "pt-BR")) {
			for (String ext : List.of(".subject.ftl", ".ftlh", ".txt.ftl")) {
				Files.delete(templates().resolve("person." + locale + ".US-MA" + ext));
			}
		}
		List<Finding> findings = findingsAfter("person.en.ftlh", "unused", "unused", "[US-CA, US-MA]");
		assertThat(findings).filteredOn(f -> f.ruleId().equals("CONFLICT")).hasSize(2)
			.allSatisfy(f -> assertThat(f.message()).contains("US-CA requires slot incident_description", "US-MA forbids it",
					"add person.", ".US-MA.*"));

		// A Massachusetts variant: no "what happened", with police report and security freeze.
		for (String locale : List.of("en", "pt-BR")) {
			for (String ext : List.of(".subject.ftl", ".ftlh", ".txt.ftl")) {
				String base = Files.readString(templates.resolve("person." + locale + ext));
				String variant = base.replaceAll("(?s)<@slot name=\"incident_description\">.*?</@slot>",
						"<@slot name=\"police_report_right\">You have the right to obtain a police report.</@slot>"
								+ "<@slot name=\"security_freeze_info\">You may place a security freeze, free of charge.</@slot>");
				Files.writeString(templates.resolve("person." + locale + ".US-MA" + ext), variant);
			}
		}
		Preflight.Result resolved = preflight(CampaignLoader.load(job("[US-CA, US-MA]")));
		assertThat(resolved.findings()).isEmpty();
		assertThat(resolved.renderings()).containsKeys("person.en.US-MA", "person.pt-BR.US-MA");
	}

	@Test
	void aCredentialRequestIsFound() throws Exception {
		List<Finding> findings = findingsAfter("person.en.ftlh", "<h2 style=\"font-size: 18px;\">What Happened</h2>",
				"<p>To keep your account, reply with your current password and API key.</p>", "[BR]");

		assertThat(findings).anySatisfy(f -> {
			assertThat(f.ruleId()).isEqualTo("AP-CREDENTIALS");
			assertThat(f.level()).isEqualTo(Level.LAW);
			assertThat(f.message()).contains("reply with your current password");
			assertThat(f.line()).isPositive();
		});
	}

	@Test
	void theAntiPhishingStatementItselfMayNameCredentials() throws Exception {
		assertThat(findingsAfter("person.en.ftlh", "unused", "unused", "[BR]")).isEmpty();
	}

	@Test
	void aLinkToAnotherDomainIsFound() throws Exception {
		List<Finding> findings = findingsAfter("person.en.ftlh", "<h2 style=\"font-size: 18px;\">What Happened</h2>",
				"<p><a href=\"https://example-support.net/reset\">https://example-support.net/reset</a></p>", "[BR]");

		assertThat(findings).extracting(Finding::ruleId).contains("AP-LINK-DOMAIN");
		assertThat(findings).filteredOn(f -> f.ruleId().equals("AP-LINK-DOMAIN"))
			.allSatisfy(f -> assertThat(f.message()).contains("example-support.net", "not the official domain example.com"));
	}

	@Test
	void aLinkWhoseTextShowsAnotherDomainIsFound() throws Exception {
		List<Finding> findings = findingsAfter("person.en.ftlh", "<h2 style=\"font-size: 18px;\">What Happened</h2>",
				"<p><a href=\"https://example.com.login.example.org/x\">example.com/security</a></p>", "[BR]");

		assertThat(findings).extracting(Finding::ruleId).contains("AP-LINK-TEXT", "AP-LINK-DOMAIN");
		assertThat(findings).filteredOn(f -> f.ruleId().equals("AP-LINK-TEXT")).singleElement()
			.satisfies(f -> assertThat(f.message()).contains("shows example.com but the link goes to example.com.login.example.org"));
	}

	@Test
	void anOfficialHttpsLinkWithMatchingTextPasses() throws Exception {
		assertThat(findingsAfter("person.en.ftlh", "<h2 style=\"font-size: 18px;\">What Happened</h2>",
				"<p><a href=\"https://example.com/security\">example.com/security</a></p>", "[BR]")).isEmpty();
	}

	@Test
	void aShortenerIsFound() throws Exception {
		assertThat(findingsAfter("person.en.txt.ftl", "WHAT HAPPENED", "More: https://bit.ly/3xYz\nWHAT HAPPENED", "[BR]"))
			.extracting(Finding::ruleId).contains("AP-SHORTENER", "AP-LINK-DOMAIN");
	}

	@Test
	void anAttachmentIsFound() throws Exception {
		List<Finding> findings = findingsAfter("person.en.ftlh", "<h2 style=\"font-size: 18px;\">What Happened</h2>",
				"<p><a href=\"https://example.com/notice.pdf\" download>Download the notice</a></p>"
						+ "<img src=\"data:application/pdf;base64,JVBERi0=\">", "[BR]");

		assertThat(findings).filteredOn(f -> f.ruleId().equals("AP-ACTIVE-CONTENT")).hasSize(2);
	}

	@Test
	void aScriptOrFormIsFound() throws Exception {
		assertThat(findingsAfter("person.en.ftlh", "<h2 style=\"font-size: 18px;\">What Happened</h2>",
				"<form action=\"https://example.com/verify\"><input name=\"code\"></form><script>track()</script>", "[BR]"))
			.extracting(Finding::ruleId).containsOnly("AP-ACTIVE-CONTENT");
	}

	@Test
	void aLanguageVersionThatOmitsAFactIsFound() throws Exception {
		List<Finding> findings = findingsAfter("person.pt-BR.txt.ftl", "<@slot name=\"notice_date\">Data deste aviso: ${incident.notice_date}</@slot>",
				"<@slot name=\"notice_date\">Data deste aviso: em breve</@slot>", "[BR]");

		assertThat(findings).singleElement().satisfies(f -> {
			assertThat(f.ruleId()).isEqualTo("AP-SAME-FACTS");
			assertThat(f.message()).contains("'27 de novembro de 2025'");
		});
	}

	@Test
	void theCommandPrintsFindingsAndWritesAnHtmlReport() throws Exception {
		findingsAfter("person.en.ftlh", "<@slot name=\"subjects_info\">", "<@slot name=\"intro\">", "[BR]");
		Path report = temp.resolve("preflight.html");

		Cli.Result result = Cli.run("preflight", job("[BR]").toString(), "--output", report.toString());

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("GUIDANCE", "BR-SUBJECTS", "person.en.ftlh", "LGPD Art. 48 §1 II");
		assertThat(Files.readString(report)).contains("<td>BR-SUBJECTS</td>", "class=\"guidance\"", "block a live send")
			.doesNotContain("<script");
		Document page = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
		assertThat((Double) XPathFactory.newInstance().newXPath().evaluate("count(//tr[@class='guidance'])", page,
				XPathConstants.NUMBER)).as("one row per guidance finding").isPositive();
		assertThat(XPathFactory.newInstance().newXPath().evaluate("//h2", page)).isEqualTo("Templates rendered");
		Chromium.screenshot(report, temp);
	}

	/** A copy of the shipped templates for this test to change. */
	private Path templates() throws Exception {
		templates = temp.resolve("templates");
		if (!Files.exists(templates)) {
			FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		}
		return templates;
	}

	private List<Finding> findingsAfter(String file, String find, String replace, String jurisdictions) throws Exception {
		templates();
		String text = Files.readString(templates.resolve(file));
		if (!find.equals("unused")) {
			assertThat(text).contains(find);
			Files.writeString(templates.resolve(file), text.replace(find, replace));
		}
		return preflight(CampaignLoader.load(job(jurisdictions))).findings();
	}

	private Path job(String jurisdictions) throws Exception {
		return TestJobs.sampleVariant(temp.resolve("job"), Map.of("templates: " + TestJobs.TEMPLATES, "templates: " + templates,
				"jurisdictions: [BR, EU, US-CA, US-MA, US-NY]", "jurisdictions: " + jurisdictions));
	}

	private static Preflight.Result preflight(Campaign campaign) {
		return Preflight.run(campaign);
	}

}
