package org.example.breachnotice.compliance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;
import com.icegreen.greenmail.util.GreenMailUtil;

import static org.assertj.core.api.Assertions.assertThat;

/** The live send of the sample job, gated by preflight and a four-eyes approval. */
class ApprovalIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@TempDir
	Path temp;

	Path templates;

	Path job;

	Path home;

	@BeforeEach
	void copyTheSample() throws Exception {
		templates = temp.resolve("templates");
		FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		job = TestJobs.sampleVariant(temp.resolve("job"), Map.of("templates: " + TestJobs.TEMPLATES, "templates: " + templates));
		home = temp.resolve("home");
	}

	@Test
	void aLiveSendWithoutApprovalIsRefused() {
		Cli.Result result = live("bob");

		assertThat(result.exitCode()).isEqualTo(6);
		assertThat(result.output()).contains("No approval recorded for incident mixpanel-2025-11", "approve");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void aOneByteTemplateChangeVoidsTheApprovalAndSaysWhichFile() throws Exception {
		assertThat(approve("alice").exitCode()).isZero();
		Path template = templates.resolve("person.en.txt.ftl");
		Files.writeString(template, Files.readString(template) + " ");

		Cli.Result result = live("bob");

		assertThat(result.exitCode()).isEqualTo(6);
		assertThat(result.output()).contains("The approval by alice", "is void: template person.en.txt.ftl (changed)");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void theApproverCannotLaunchTheLiveSend() {
		assertThat(approve("alice").exitCode()).isZero();

		Cli.Result result = live("Alice");

		assertThat(result.exitCode()).isEqualTo(6);
		assertThat(result.output()).contains("Four eyes: alice approved this campaign and cannot also launch");
	}

	@Test
	void theSampleCoversEveryJurisdictionOfItsRecipientsAndSendsWithoutAnOverride() throws Exception {
		assertThat(approve("alice").exitCode()).isZero();

		Cli.Result sent = live("bob");

		assertThat(sent.exitCode()).as(sent.output()).isZero();
		assertThat(greenMail.getReceivedMessages()).hasSize(239);
		assertThat(greenMail.getReceivedMessages()).anySatisfy(message -> assertThat(GreenMailUtil.getBody(message))
			.contains("security freeze").doesNotContain("WHAT HAPPENED"));
		assertThat(greenMail.getReceivedMessages()).anySatisfy(message -> assertThat(GreenMailUtil.getBody(message))
			.contains("Division of Consumer Protection"));
	}

	@Test
	void recipientsInJurisdictionsTheTemplatesWereNotCheckedForStopTheLiveSendUnlessAccepted() throws Exception {
		job = TestJobs.sampleVariant(temp.resolve("job"), Map.of("templates: " + TestJobs.TEMPLATES, "templates: " + templates,
				"jurisdictions: [BR, EU, US-CA, US-MA, US-NY]", "jurisdictions: [BR, EU, US-CA]"));
		assertThat(approve("alice").exitCode()).isZero();

		Cli.Result refused = live("bob");

		assertThat(refused.exitCode()).isEqualTo(5);
		assertThat(refused.output()).contains("Person notices would go to recipients in {", "US-MA=", "US-NY=",
				"approve --override UNCOVERED-JURISDICTION", "Nothing was sent");
		assertThat(greenMail.getReceivedMessages()).isEmpty();

		assertThat(approve("alice", "--override", "UNCOVERED-JURISDICTION=MA and NY residents: counsel confirmed no trigger")
			.exitCode()).isZero();
		Cli.Result sent = live("bob");

		assertThat(sent.exitCode()).as(sent.output()).isZero();
		assertThat(sent.output()).contains("approved by alice");
		assertThat(greenMail.getReceivedMessages()).hasSize(239);
		assertThat(StateDb.query(home, "SELECT payload FROM ledger_entry WHERE entry_type = 'APPROVAL' ORDER BY seq DESC")
			.get(0).get("payload").toString()).contains("\"approved_by\":\"alice\"", "counsel confirmed no trigger",
					"\"template person.en.ftlh\":");
		assertThat(StateDb.query(home, "SELECT payload FROM ledger_entry WHERE entry_type = 'RUN_STARTED' ORDER BY seq DESC")
			.get(0).get("payload").toString()).contains("\"operator\":\"bob\"");
	}

	@Test
	void aGuidanceFindingNeedsAnOverrideWithAReason() throws Exception {
		for (String file : new String[] { "person.en.ftlh", "person.en.txt.ftl" }) {
			Path template = templates.resolve(file);
			Files.writeString(template, Files.readString(template).replace("<@slot name=\"subjects_info\">", "<@slot name=\"intro\">"));
		}

		Cli.Result refused = approve("alice");
		assertThat(refused.exitCode()).isEqualTo(6);
		assertThat(refused.output()).contains("guidance finding BR-SUBJECTS has no override", "--override BR-SUBJECTS=");

		Cli.Result approved = approve("alice", "--override", "BR-SUBJECTS=the English intro names the account elsewhere");
		assertThat(approved.exitCode()).as(approved.output()).isZero();
	}

	private Cli.Result approve(String approver, String... extra) {
		String[] args = new String[6 + extra.length];
		System.arraycopy(new String[] { "approve", job.toString(), "--by", approver, "--home", home.toString() }, 0, args, 0, 6);
		System.arraycopy(extra, 0, args, 6, extra.length);
		return Cli.run(args);
	}

	private Cli.Result live(String operator) {
		return Cli.run("run", job.toString(), "--home", home.toString(), "--transport=smtp", "--operator=" + operator,
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + greenMail.getSmtp().getPort());
	}

}
