package org.example.breachnotice.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.example.breachnotice.support.Pem;
import org.example.breachnotice.testsupport.Cli;
import org.example.breachnotice.testsupport.StateDb;
import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notices signed with DKIM (sender.dkim), checked by an independent verifier: Debian's
 * python3-dkim, with the public key that preflight tells the operator to publish.
 */
@EnabledIf(value = "verifierInstalled", disabledReason = "needs Debian's python3-dkim (.ci/run installs it)")
class DkimIntegrationTests {

	static final Path PYTHON = Path.of("/usr/bin/python3");

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@TempDir
	Path temp;

	@Test
	void everyNoticeIsSignedForTheFromDomainAndVerifiesIndependently() throws Exception {
		Path key = temp.resolve("dkim.key");
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		Files.writeString(key, Pem.encode("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded()));
		Path job = TestJobs.generated(temp.resolve("job"), 12, 3);
		Files.writeString(job, Files.readString(job).replace("  reply_to: privacy@example.com\n",
				"  reply_to: privacy@example.com\n  dkim:\n    selector: notices2026\n    private_key_file: " + key + "\n"));

		Cli.Result preflight = Cli.run("preflight", job.toString(), "--home", temp.resolve("home").toString());
		String record = preflight.output().lines().filter(line -> line.contains("._domainkey.")).findFirst().orElseThrow().strip();
		assertThat(record).startsWith("notices2026._domainkey.example.com. IN TXT \"v=DKIM1; k=rsa; p=");

		Cli.Result sent = Cli.runSmtp(job, temp.resolve("home"), greenMail.getSmtp().getPort());
		assertThat(sent.exitCode()).as(sent.output()).isZero();
		MimeMessage[] received = greenMail.getReceivedMessages();
		assertThat(received).isNotEmpty();
		List<Object> ids = StateDb.query(temp.resolve("home"), "SELECT message_id FROM notice").stream()
			.map(row -> row.get("message_id")).toList();

		Path txt = Files.writeString(temp.resolve("record.txt"), record.substring(record.indexOf('"') + 1, record.length() - 1));
		Path[] messages = new Path[received.length];
		for (int i = 0; i < received.length; i++) {
			assertThat(received[i].getHeader("DKIM-Signature")).hasSize(1);
			assertThat(received[i].getHeader("DKIM-Signature")[0]).contains("a=rsa-sha256", "c=relaxed/relaxed", "d=example.com",
					"s=notices2026");
			assertThat(ids).as("the Message-ID the ledger records survives signing").contains(received[i].getMessageID());
			ByteArrayOutputStream raw = new ByteArrayOutputStream();
			received[i].writeTo(raw);
			messages[i] = Files.write(temp.resolve("message-" + i + ".eml"), raw.toByteArray());
		}
		assertThat(verify(txt, messages)).allMatch(line -> line.startsWith("pass ")).hasSize(received.length);

		// The verifier is not lenient: one character of the body changed, the signature fails.
		Path tampered = Files.writeString(temp.resolve("tampered.eml"),
				Files.readString(messages[0]).replaceFirst("(?s)(\r\n\r\n.*?)[a-z]", "$1#"));
		assertThat(verify(txt, tampered)).containsExactly("fail " + tampered);
	}

	private static List<String> verify(Path record, Path... messages) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of(PYTHON.toString(),
				Path.of("src/test/resources/dkim/verify.py").toAbsolutePath().toString(), record.toString()));
		for (Path message : messages) {
			command.add(message.toString());
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output.lines().toList();
	}

	static boolean verifierInstalled() throws Exception {
		if (!Files.isExecutable(PYTHON)) {
			return false;
		}
		Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import dkim").start();
		return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
	}

}
