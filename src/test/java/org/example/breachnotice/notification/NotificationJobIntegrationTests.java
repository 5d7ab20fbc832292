package org.example.breachnotice.notification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole job against GreenMail: who gets what, in which language, saying what. */
class NotificationJobIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	static final String PEOPLE = "\uFEFF" + """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-a,Alpha Ltda.,Ana Souza,ana@example.com,São Paulo,SP,BR,Windows,Chrome,,
			u1,org-b,"Beta, Inc.",Ana Souza,ANA@Example.com,São Paulo,SP,br,Windows,Chrome,,
			u2,org-a,Alpha Ltda.,John Smith,john@example.org,Boston,MA,us,macOS,Safari,,
			u3,org-b,"Beta, Inc.",Carla Dias,carla@example.net,Rio,RJ,BR,Linux,Firefox,,en
			u4,org-b,"Beta, Inc.",Rui Costa,rui@example.com,Lisboa,11,PT,,,,
			u5,org-a,Alpha Ltda.,Pablo Ruiz,pablo@example.com,Madrid,MD,ES,,,,es
			u6,org-a,Alpha Ltda.,Jürgen Müller,juergen@bücher.example,Berlin,BE,DE,,,,
			u7,,Alpha Ltda.,No Org,noorg@example.com,X,Y,BR,,,,
			""";

	static final String ORGANIZATIONS = """
			organization_id,organization_name,admin_name,admin_email,country,locale
			org-a,Alpha Ltda.,Admin Alpha,admin@alpha.example,BR,
			org-a,Alpha Ltda.,Admin Alpha,ADMIN@alpha.example,BR,
			org-a,Alpha Ltda.,Second Admin,ops@alpha.example,BR,en
			org-b,"Beta, Inc.",Beta Admin,admin@beta.example,US,
			org-c,Gamma,Gamma Admin,admin@gamma.example,US,
			""";

	@TempDir
	Path temp;

	@Test
	void everyRecipientGetsOneNoticeInTheirLanguageWithTheFacts() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, ORGANIZATIONS, 0.2);
		Path home = temp.resolve("home");

		Cli.Result result = Cli.runSmtp(job, home, greenMail.getSmtp().getPort());

		assertThat(result.exitCode()).as(result.output()).isZero();
		MimeMessage[] messages = greenMail.getReceivedMessages();
		Map<String, MimeMessage> byRecipient = new TreeMap<>();
		for (MimeMessage message : messages) {
			Address[] to = message.getRecipients(Message.RecipientType.TO);
			assertThat(to).hasSize(1);
			assertThat(byRecipient.put(((InternetAddress) to[0]).getAddress() + "|" + organizationOf(message), message))
				.as("one message per recipient and organization").isNull();
		}
		assertThat(byRecipient.keySet()).containsExactly("admin@alpha.example|Alpha Ltda.",
				"admin@beta.example|Beta, Inc.", "ana@example.com|", "carla@example.net|", "john@example.org|",
				"juergen@xn--bcher-kva.example|", "ops@alpha.example|Alpha Ltda.", "pablo@example.com|",
				"rui@example.com|");

		// Locale: explicit first (carla: en), else country (BR, PT -> pt-BR), unsupported explicit (es) -> country.
		assertPortuguese(byRecipient.get("ana@example.com|"));
		assertPortuguese(byRecipient.get("rui@example.com|"));
		assertPortuguese(byRecipient.get("admin@alpha.example|Alpha Ltda."));
		assertEnglish(byRecipient.get("carla@example.net|"));
		assertMassachusetts(byRecipient.get("john@example.org|"));
		assertEnglish(byRecipient.get("pablo@example.com|"));
		assertEnglish(byRecipient.get("ops@alpha.example|Alpha Ltda."));

		// The person in two organizations gets one notice naming both.
		String ana = text(byRecipient.get("ana@example.com|"));
		assertThat(ana).contains("Alpha Ltda.").contains("Beta, Inc.");
		assertThat(text(byRecipient.get("admin@alpha.example|Alpha Ltda."))).contains("4 usuário(s)");
		assertThat(text(byRecipient.get("admin@beta.example|Beta, Inc."))).contains("3 user(s)");

		MimeMessage john = byRecipient.get("john@example.org|");
		assertThat(john.getFrom()[0].toString()).isEqualTo("Example AI Platform Security <security-notice@example.com>");
		assertThat(john.getMessageID()).matches("<[0-9a-f]{40}@example\\.com>");
		assertThat(john.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");

		List<String> rejects = Files.readAllLines(home.resolve("out/mixpanel-2025-11/rejects.csv"));
		assertThat(rejects).containsExactly("source,line,field,reason", "people,9,organization_id,empty");
		assertThat(Files.readString(home.resolve("out/mixpanel-2025-11/summary.json")))
			.as("the rows as the reject gate counted them").contains("\"people_rows_read\":8", "\"people_rows_rejected\":1",
					"\"organization_rows_read\":5", "\"organization_rows_rejected\":0")
			.contains("\"people\":6", "\"duplicates_merged\":1", "\"admin_rows_for_unaffected_organizations\":1",
					"\"admin_contacts\":3");
		assertThat(StateDb.statusCounts(home)).containsExactly(Map.entry("SENT", 9L));
	}

	@Test
	void runningAgainAfterCompletionSendsNothing() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, ORGANIZATIONS, 0.2);
		Path home = temp.resolve("home");
		assertThat(Cli.runSmtp(job, home, greenMail.getSmtp().getPort()).exitCode()).isZero();

		Cli.Result again = Cli.runSmtp(job, home, greenMail.getSmtp().getPort());

		assertThat(again.exitCode()).isZero();
		assertThat(again.output()).contains("already completed");
		assertThat(greenMail.getReceivedMessages()).hasSize(9);
	}

	@Test
	void tooManyRejectsStopBeforeSendingAnything() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, ORGANIZATIONS, 0.05);
		Path home = temp.resolve("home");

		Cli.Result result = Cli.runSmtp(job, home, greenMail.getSmtp().getPort());

		assertThat(result.exitCode()).isEqualTo(5);
		assertThat(result.output()).contains("1 of 8 people rows (12.5%) were rejected", "Nothing was sent");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
		assertThat(StateDb.query(home, "SELECT payload FROM ledger_entry WHERE entry_type = 'INGEST_REJECTS'"))
			.singleElement().satisfies(row -> assertThat((String) row.get("payload")).contains("\"people_rows_rejected\":1"));
	}

	@Test
	void aTemplateThatFailsToRenderStopsTheJobBeforeAnythingIsSent() throws Exception {
		Path templates = temp.resolve("templates");
		org.springframework.util.FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		Files.writeString(templates.resolve("organization.pt-BR.ftlh"), "<p>${organization.nome}</p>");
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, ORGANIZATIONS, 0.2);
		Files.writeString(job, Files.readString(job).replace(TestJobs.TEMPLATES.toString(), templates.toString()));

		Cli.Result result = Cli.runSmtp(job, temp.resolve("home"), greenMail.getSmtp().getPort());

		assertThat(result.exitCode()).isEqualTo(6);
		assertThat(result.output()).contains("organization.pt-BR", "does not render", "Not approved");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void anUnterminatedQuoteOnTheLastLineRejectsTheLinesItSwallowedAndTheRestIsSent() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE + "u8,org-a,Alpha,\"Unclosed,quote@example.com,,,BR,,,,\nu9,org-a,Alpha,Late,late@example.com,,,BR,,,,\n",
				null, 0.3);
		Path home = temp.resolve("home");

		Cli.Result result = Cli.runSmtp(job, home, greenMail.getSmtp().getPort());

		// 3 of 10 rows rejected (u7 has no organization, lines 10 and 11 are the broken record): not more than the 30%
		// the job allows, so the rest goes out.
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(Files.readString(home.resolve("out/mixpanel-2025-11/rejects.csv")))
			.contains("people,10,(row),a quote opened in this record is never closed: lines 10-11 (to the end of the file)")
			.as("a swallowed row counts as rejected").contains("people,11,(row),inside the quote opened on line 10 and never closed");
		assertThat(greenMail.getReceivedMessages()).isNotEmpty();
		assertThat(StateDb.query(home, "SELECT COUNT(*) AS n FROM notice WHERE recipient_email = 'late@example.com'"))
			.as("the line inside the broken record is no recipient").containsExactly(java.util.Map.of("n", 0L));
	}

	@Test
	void anUnreadableCsvNamesTheFileAndLine() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE + "u8,org-a,Alpha,\"Broken\"quote@example.com,,,BR,,,,\n", null, 0.2);

		Cli.Result result = Cli.runSmtp(job, temp.resolve("home"), greenMail.getSmtp().getPort());

		assertThat(result.exitCode()).isEqualTo(5);
		assertThat(result.output()).contains("people.csv, near line 10: cannot be parsed as CSV", "unbalanced quote");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void smtpWithoutAHostIsAClearUsageError() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, null, 0.2);

		assertThat(Cli.approve(job, temp.resolve("home")).exitCode()).isZero();
		Cli.Result result = Cli.run("run", job.toString(), "--home", temp.resolve("home").toString());

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.output()).contains("Transport smtp needs an SMTP server: give --spring.mail.host=");
	}

	@Test
	void hostileFieldValuesRenderAsTextAndNeverReachAHeader() throws Exception {
		String longName = "L".repeat(10_000);
		String people = """
				user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
				h1,org-x,<b>Org</b>,"Eve\r\nBcc: spy@example.net",eve@example.com,,,US,,,,
				h2,org-x,<b>Org</b>,<script>alert(1)</script>,script@example.com,,,US,,,,
				h3,org-x,<b>Org</b>,${7*7} <#assign x=1>,ftl@example.com,,,US,,,,
				h4,org-x,<b>Org</b>,%s,long@example.com,,,US,,,,
				h5,org-x,<b>Org</b>,田中 太郎 محمد,tanaka@example.com,,,JP,,,,
				""".formatted(longName);
		Path job = TestJobs.write(temp.resolve("job"), people, null, 0.0);

		Cli.Result result = Cli.runSmtp(job, temp.resolve("home"), greenMail.getSmtp().getPort());

		assertThat(result.exitCode()).as(result.output()).isZero();
		Map<String, MimeMessage> byRecipient = Arrays.stream(greenMail.getReceivedMessages())
			.collect(Collectors.toMap(NotificationJobIntegrationTests::to, m -> m));
		assertThat(byRecipient).hasSize(5);

		MimeMessage eve = byRecipient.get("eve@example.com");
		assertThat(eve.getHeader("Bcc")).isNull();
		assertThat(eve.getAllRecipients()).hasSize(1);
		// A name that holds an address is not shown at all: neither in the To header nor in the greeting.
		assertThat(((InternetAddress) eve.getRecipients(Message.RecipientType.TO)[0]).getPersonal()).isNull();
		assertThat(text(eve)).contains("Hello,").doesNotContain("spy@example.net");

		MimeMessage script = byRecipient.get("script@example.com");
		assertThat(html(script)).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
		assertThat(html(script)).contains("&lt;b&gt;Org&lt;/b&gt;");

		assertThat(text(byRecipient.get("ftl@example.com"))).contains("${7*7} <#assign x=1>").doesNotContain("49");

		MimeMessage longOne = byRecipient.get("long@example.com");
		assertThat(html(longOne)).contains("Dear " + "L".repeat(79) + "\u2026,").doesNotContain("L".repeat(80));
		assertThat(((InternetAddress) longOne.getRecipients(Message.RecipientType.TO)[0]).getPersonal())
			.isEqualTo("L".repeat(79) + "\u2026");

		assertThat(html(byRecipient.get("tanaka@example.com"))).contains("田中 太郎 محمد");
	}

	static void assertPortuguese(MimeMessage message) throws Exception {
		assertThat(message.getSubject()).startsWith("Aviso de incidente de segurança");
		assertThat(text(message)).contains("25 de novembro de 2025", "9 de novembro de 2025", "Nunca pedimos sua senha");
		assertThat(html(message)).contains("25 de novembro de 2025", "<html lang=\"pt-BR\">", "Nunca pedimos sua senha".toLowerCase().substring(0, 5));
	}

	static void assertEnglish(MimeMessage message) throws Exception {
		assertThat(message.getSubject()).startsWith("Notice of Data Breach");
		assertThat(text(message)).contains("November 25, 2025", "November 9, 2025", "never ask for your password");
		assertThat(html(message)).contains("November 25, 2025", "<html lang=\"en\">", "What Happened");
	}

	/** A Boston resident gets the Massachusetts variant: no "what happened", the police report and the security freeze. */
	static void assertMassachusetts(MimeMessage message) throws Exception {
		assertThat(message.getSubject()).isEqualTo("Important information about your API account");
		assertThat(text(message)).contains("November 25, 2025", "police report", "security freeze", "never ask for your password")
			.doesNotContain("WHAT HAPPENED");
		assertThat(html(message)).contains("<html lang=\"en\">", "Massachusetts").doesNotContain("What Happened");
	}

	static String to(MimeMessage message) {
		try {
			return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The organization an organization notice is about, from its body: no subject names one. */
	static String organizationOf(MimeMessage message) throws Exception {
		java.util.regex.Matcher admin = java.util.regex.Pattern.compile("(?:administrator of|administrador\\(a\\) de) (Alpha Ltda\\.|Beta, Inc\\.)")
			.matcher(text(message));
		return admin.find() ? admin.group(1) : "";
	}

	static String text(MimeMessage message) throws Exception {
		return part(message, 0, "text/plain");
	}

	static String html(MimeMessage message) throws Exception {
		return part(message, 1, "text/html");
	}

	private static String part(MimeMessage message, int index, String type) throws Exception {
		Multipart alternative = (Multipart) message.getContent();
		assertThat(alternative.getContentType()).startsWith("multipart/alternative");
		BodyPart part = alternative.getBodyPart(index);
		assertThat(part.getContentType()).startsWith(type);
		return (String) part.getContent();
	}

}
