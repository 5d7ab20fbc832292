package org.example.breachnotice.notification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names in the data are whatever the platform's users typed: a phisher's organization name
 * must not reach the notices we sign, neither their Subject nor their body.
 */
class DataIsNotContentIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	static final String LURE = "URGENT: reset your password now at https://evil.example/reset";

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-evil,"%1$s",Ana Lima,ana@example.com,,,BR,,,,
			u2,org-evil,"%1$s",Informe sua senha de acesso,bia@example.com,,,BR,,,,
			u3,org-fine,Fine Org,support．evil．example,carl@example.com,,,US,,,,
			u4,org-fine,Fine Org,Dan Brown,dan@example.com,,,US,,,,
			""".formatted(LURE);

	static final String ORGANIZATIONS = """
			organization_id,organization_name,admin_name,admin_email,country,locale
			org-evil,"%1$s",Eve at www.evil.example,admin@org-e.example,US,
			""".formatted(LURE);

	static final Set<String> SUBJECTS = Set.of(
			"Notice of Data Breach: an analytics vendor exposed limited information about your API account",
			"Aviso de incidente de segurança: um fornecedor de análise expôs dados limitados da sua conta da API",
			"Notice of Data Breach: limited information about your organization's API users was exposed");

	@TempDir
	Path temp;

	@Test
	void aHostileNameReachesNeitherTheSubjectNorTheBodyAndTheNoticeGreetsNeutrally() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, ORGANIZATIONS, 0.0);

		Cli.Result result = Cli.runSmtp(job, temp.resolve("home"), greenMail.getSmtp().getPort());

		assertThat(result.exitCode()).as(result.output()).isZero();
		Map<String, MimeMessage> byRecipient = Arrays.stream(greenMail.getReceivedMessages())
			.collect(Collectors.toMap(NotificationJobIntegrationTests::to, m -> m));
		assertThat(byRecipient).containsOnlyKeys("ana@example.com", "bia@example.com", "carl@example.com", "dan@example.com",
				"admin@org-e.example");
		for (MimeMessage message : byRecipient.values()) {
			assertThat(SUBJECTS).as("a subject from the facts alone").contains(message.getSubject());
			String whole = NotificationJobIntegrationTests.text(message) + NotificationJobIntegrationTests.html(message)
					+ GreenMailUtil.getHeaders(message);
			assertThat(whole).doesNotContain("evil.example", "evil．example", "reset your password now", "Informe sua senha de");
		}
		assertThat(NotificationJobIntegrationTests.text(byRecipient.get("ana@example.com"))).contains("Olá, Ana Lima,");
		assertThat(NotificationJobIntegrationTests.text(byRecipient.get("bia@example.com"))).containsPattern("(?m)^Olá,\\r?$");
		assertThat(((InternetAddress) byRecipient.get("bia@example.com").getRecipients(Message.RecipientType.TO)[0])
			.getPersonal()).isNull();
		assertThat(NotificationJobIntegrationTests.text(byRecipient.get("carl@example.com"))).contains("Hello,", "(Fine Org)");
		assertThat(NotificationJobIntegrationTests.text(byRecipient.get("dan@example.com"))).contains("Dear Dan Brown,");
		String admin = NotificationJobIntegrationTests.text(byRecipient.get("admin@org-e.example"));
		assertThat(admin).contains("Hello,", "administrator of org-evil.").doesNotContain("(org-evil)");
	}

	@Test
	void theDryRunAndPreflightListTheWithheldValuesByLineWithoutRepeatingThem() throws Exception {
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, ORGANIZATIONS, 0.0);
		Path home = temp.resolve("home");

		Cli.Result dry = Cli.run("run", job.toString(), "--home", home.toString(), "--dry-run");
		Cli.Result preflight = Cli.run("preflight", job.toString(), "--home", home.toString());

		assertThat(dry.exitCode()).as(dry.output()).isZero();
		for (Cli.Result result : new Cli.Result[] { dry, preflight }) {
			assertThat(result.output()).contains("6 value(s) in the input files will not be shown in notices",
					"people line 2, organization_name: holds a link or a domain name",
					"people line 3, organization_name: holds a link or a domain name",
					"people line 3, name: asks for a password, key or code",
					"people line 4, name: holds a link or a domain name",
					"organizations line 2, organization_name: holds a link or a domain name",
					"organizations line 2, admin_name: holds a link or a domain name")
				.doesNotContain("evil.example", "reset your password", "Informe sua senha");
		}
		assertThat(Files.readAllLines(home.resolve("dry-run/out/mixpanel-2025-11/withheld-values.csv")))
			.contains("source,line,field,reason", "people,3,name,\"asks for a password, key or code\"").hasSize(7);
		assertThat(home.resolve("out/mixpanel-2025-11/withheld-values.csv")).exists();
	}

	@Test
	void aSubjectTemplateThatNamesDataDoesNotRenderAndNothingIsSent() throws Exception {
		Path templates = temp.resolve("templates");
		FileSystemUtils.copyRecursively(TestJobs.TEMPLATES, templates);
		Files.writeString(templates.resolve("organization.en.subject.ftl"), "Notice of Data Breach at ${organization.name}");
		Path job = TestJobs.write(temp.resolve("job"), PEOPLE, ORGANIZATIONS, 0.0);
		Files.writeString(job, Files.readString(job).replace(TestJobs.TEMPLATES.toString(), templates.toString()));

		Cli.Result preflight = Cli.run("preflight", job.toString(), "--home", temp.resolve("home").toString());
		Cli.Result run = Cli.runSmtp(job, temp.resolve("home"), greenMail.getSmtp().getPort());

		assertThat(preflight.exitCode()).isEqualTo(1);
		assertThat(preflight.output()).contains("organization.en.subject.ftl uses organization: a Subject holds no recipient"
				+ " or organization data");
		assertThat(run.exitCode()).isEqualTo(6);
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

}
