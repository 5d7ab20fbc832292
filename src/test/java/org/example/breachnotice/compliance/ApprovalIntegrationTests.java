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
import org.example.breachnotice.testsupport.Forgery;
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

	Path aliceKey;

	Path keyring;

	String aliceEntry;

	@BeforeEach
	void copyTheSample() throws Exception {
		templates = temp.resolve("templates");
		FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		job = TestJobs.sampleVariant(temp.resolve("job"), Map.of("templates: " + TestJobs.TEMPLATES, "templates: " + templates));
		home = temp.resolve("home");
		aliceKey = temp.resolve("keys/alice.key");
		Cli.Result generated = Cli.run("keys", "generate", aliceKey.toString(), "--name", "alice", "--user", "alice.login");
		assertThat(generated.exitCode()).as(generated.output()).isZero();
		// The keyring entry exactly as `keys generate` printed it.
		aliceEntry = generated.output().substring(generated.output().indexOf("  - name: alice"));
		keyring = Files.writeString(temp.resolve("job/approvers.yaml"), "approvers:\n" + aliceEntry);
	}

	@Test
	void onlyAKeyOfTheKeyringMayApprove() throws Exception {
		Path mallory = temp.resolve("keys/mallory.key");
		assertThat(Cli.run("keys", "generate", mallory.toString()).exitCode()).isZero();

		Cli.Result refused = Cli.run("approve", job.toString(), "--key", mallory.toString(), "--home", home.toString());

		assertThat(refused.exitCode()).isEqualTo(6);
		assertThat(refused.output()).contains("is not in the approvers keyring", "approvers.yaml");
		assertThat(Files.readString(aliceKey)).contains("PRIVATE KEY");
		assertThat(Files.getPosixFilePermissions(aliceKey)).extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
	}

	@Test
	void anApprovalForgedIntoTheDatabaseIsRefused() throws Exception {
		assertThat(approve().exitCode()).isZero();
		// The insider changes a template, then appends an APPROVAL whose hashes match it, chained properly:
		// appending is what the database allows; the approver's signature cannot follow.
		Path template = templates.resolve("person.en.txt.ftl");
		String before = org.example.breachnotice.ledger.Hashes.sha256(template);
		Files.writeString(template, Files.readString(template) + "\nCall us at +1 555 0100 to confirm your identity.\n");
		String after = org.example.breachnotice.ledger.Hashes.sha256(template);
		long seq;
		try (java.sql.Connection db = StateDb.open(home)) {
			seq = Forgery.appendApproval(db, before, after);
		}

		Cli.Result result = live("bob");

		assertThat(result.exitCode()).isEqualTo(6);
		assertThat(result.output()).contains("The approval in ledger entry " + seq + " does not verify with alice's key",
				"forged or altered");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void anApproverRemovedFromTheKeyringNoLongerCountsAndKeyringChangesAreRecorded() throws Exception {
		assertThat(approve().exitCode()).isZero();
		Files.writeString(keyring, "approvers: []\n");

		Cli.Result result = live("bob");

		assertThat(result.exitCode()).isEqualTo(6);
		assertThat(result.output()).contains("which is not in the approvers keyring");
		assertThat(StateDb.query(home, "SELECT payload FROM ledger_entry WHERE entry_type = 'KEYRING' ORDER BY seq"))
			.hasSize(2).last().asString().contains("\"approvers\":[]", "previous_sha256");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void aRowAddedToTheRecipientListAfterApprovalVoidsIt() throws Exception {
		Path generated = TestJobs.generated(temp.resolve("generated"), 20, 7);
		assertThat(Cli.approve(generated, home).exitCode()).isZero();
		Path people = generated.resolveSibling("people.csv");
		String rows = Files.readString(people);
		Files.writeString(people, rows + rows.lines().skip(1).findFirst().orElseThrow().replaceFirst("^[^,]*", "u-added") + "\n");

		Cli.Result result = Cli.run("run", generated.toString(), "--home", home.toString(), "--transport=smtp",
				"--operator=bob", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + greenMail.getSmtp().getPort());

		assertThat(result.exitCode()).isEqualTo(6);
		assertThat(result.output()).contains("is void: input people.csv (changed)");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
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
		assertThat(approve().exitCode()).isZero();
		Path template = templates.resolve("person.en.txt.ftl");
		Files.writeString(template, Files.readString(template) + " ");

		Cli.Result result = live("bob");

		assertThat(result.exitCode()).isEqualTo(6);
		assertThat(result.output()).contains("The approval by alice", "is void: template person.en.txt.ftl (changed)");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void theApproverCannotLaunchTheLiveSendByNameOrLogin() {
		assertThat(approve().exitCode()).isZero();

		for (String operator : new String[] { "Alice", "alice.login" }) {
			Cli.Result result = live(operator);

			assertThat(result.exitCode()).isEqualTo(6);
			assertThat(result.output()).contains("Four eyes: alice approved this campaign and cannot also launch");
		}
	}

	@Test
	void withoutOperatorTheOperatingSystemUserIsTheOperatorAndIsCheckedToo() throws Exception {
		Files.writeString(keyring, "approvers:\n" + aliceEntry.replace("user: alice.login", "user: " + System.getProperty("user.name")));
		assertThat(approve().exitCode()).isZero();

		Cli.Result result = Cli.run("run", job.toString(), "--home", home.toString(), "--transport=smtp",
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + greenMail.getSmtp().getPort());

		assertThat(result.exitCode()).isEqualTo(6);
		assertThat(result.output()).contains("Four eyes: alice approved this campaign", "(operator " + System.getProperty("user.name"));
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void theSampleCoversEveryJurisdictionOfItsRecipientsAndSendsWithoutAnOverride() throws Exception {
		assertThat(approve().exitCode()).isZero();

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
		Files.writeString(keyring, "approvers:\n" + aliceEntry);
		assertThat(approve().exitCode()).isZero();

		Cli.Result refused = live("bob");

		assertThat(refused.exitCode()).isEqualTo(5);
		assertThat(refused.output()).contains("Person notices would go to recipients in {", "US-MA=", "US-NY=",
				"approve --override UNCOVERED-JURISDICTION", "Nothing was sent");
		assertThat(greenMail.getReceivedMessages()).isEmpty();

		assertThat(approve("--override", "UNCOVERED-JURISDICTION=MA and NY residents: counsel confirmed no trigger")
			.exitCode()).isZero();
		Cli.Result sent = live("bob");

		assertThat(sent.exitCode()).as(sent.output()).isZero();
		assertThat(sent.output()).contains("approval signed by alice");
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

		Cli.Result refused = approve();
		assertThat(refused.exitCode()).isEqualTo(6);
		assertThat(refused.output()).contains("guidance finding BR-SUBJECTS has no override", "--override BR-SUBJECTS=");

		Cli.Result approved = approve("--override", "BR-SUBJECTS=the English intro names the account elsewhere");
		assertThat(approved.exitCode()).as(approved.output()).isZero();
	}

	/** alice approves, with her key. */
	private Cli.Result approve(String... extra) {
		String[] args = new String[6 + extra.length];
		System.arraycopy(new String[] { "approve", job.toString(), "--key", aliceKey.toString(), "--home", home.toString() }, 0, args, 0, 6);
		System.arraycopy(extra, 0, args, 6, extra.length);
		return Cli.run(args);
	}

	private Cli.Result live(String operator) {
		return Cli.run("run", job.toString(), "--home", home.toString(), "--transport=smtp", "--operator=" + operator,
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + greenMail.getSmtp().getPort());
	}

}
