package org.example.breachnotice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.bounces.BounceImport;
import org.example.breachnotice.bounces.Mailbox;

@Command(name = "bounces", mixinStandardHelpOptions = true,
		description = { "Reads delivery status notifications and abuse reports from a mailbox and records, for the incident's"
				+ " notices they name (by Message-ID), NOTICE_BOUNCED (5.x.x: the notice becomes BOUNCED), NOTICE_DELAYED (4.x.x)"
				+ " or NOTICE_COMPLAINT in the ledger. The mailbox is only read; reading it again records nothing twice.",
				"The IMAP password comes from BREACH_NOTICE_IMAP_PASSWORD or --imap-password-file, never the command line." })
class BouncesCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "INCIDENT", description = "The incident id, e.g. mixpanel-2025-11")
	String incident;

	static class Source {

		@Option(names = "--maildir", paramLabel = "DIR", description = "A Maildir folder (new/ and cur/).")
		Path maildir;

		@Option(names = "--mbox", paramLabel = "FILE", description = "An mbox file.")
		Path mbox;

		@Option(names = "--imap", paramLabel = "URL", description = "An IMAP folder over TLS, e.g. imaps://bounces@imap.example.com/INBOX.")
		String imap;

	}

	@ArgGroup(exclusive = true, multiplicity = "1")
	Source source;

	@Option(names = "--imap-password-file", paramLabel = "FILE", description = "A file holding the IMAP password (first line).")
	Path passwordFile;

	@Mixin
	SpringOptions spring;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() throws Exception {
		Mailbox mailbox;
		try {
			mailbox = source.maildir != null ? Mailbox.maildir(source.maildir)
					: source.mbox != null ? Mailbox.mbox(source.mbox) : Mailbox.imap(source.imap, password());
		}
		catch (IllegalArgumentException bad) {
			System.out.println(bad.getMessage());
			return 2;
		}
		try (SpringOptions.Session session = spring.open(springArguments)) {
			BounceImport.Result result = session.bean(BounceImport.class).importFrom(incident, mailbox, read -> {
				if (read % 100 == 0) {
					System.out.printf("  %d message(s) read%n", read);
				}
			});
			System.out.printf("%s: %d message(s) read. Recorded now: %d bounced (the notices are BOUNCED), %d delayed, %d"
					+ " complaint(s), %d other report(s) (delivered, relayed). Already recorded: %d. Matching no notice of %s: %d,"
					+ " left untouched. Not a delivery report: %d.%n", mailbox.describe(), result.messages(), result.bounced(),
					result.delayed(), result.complaints(), result.other(), result.alreadyRecorded(), incident, result.unmatched(),
					result.notReports());
			if (result.bounced() > 0) {
				System.out.printf("Bounced notices need a substitute notice: substitute-notice %s, and report %s.%n", incident, incident);
			}
			return 0;
		}
	}

	private String password() throws Exception {
		if (passwordFile != null) {
			return Files.readAllLines(passwordFile).stream().findFirst().orElse("");
		}
		return System.getenv("BREACH_NOTICE_IMAP_PASSWORD");
	}

}
