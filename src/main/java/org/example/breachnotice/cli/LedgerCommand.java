package org.example.breachnotice.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import org.example.breachnotice.ingest.EmailKeys;
import org.example.breachnotice.ledger.AnchorFile;
import org.example.breachnotice.ledger.CanonicalJson;
import org.example.breachnotice.ledger.Checkpoint;
import org.example.breachnotice.ledger.Checkpoints;
import org.example.breachnotice.ledger.Ed25519;
import org.example.breachnotice.ledger.LedgerEntry;
import org.example.breachnotice.ledger.LedgerStore;
import org.example.breachnotice.ledger.LedgerVerifier;
import org.example.breachnotice.support.SpreadsheetCsv;

@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Verify, export or search the audit ledger.",
		subcommands = { LedgerCommand.Verify.class, LedgerCommand.MakeCheckpoint.class, LedgerCommand.Export.class,
				LedgerCommand.Find.class })
class LedgerCommand {

	@Command(name = "verify", mixinStandardHelpOptions = true,
			description = { "Recomputes the hash chain and checks it against the signed checkpoints of the anchor file;"
					+ " names the first entry that was changed, removed or reordered. Exit 0 if intact, 1 if not.",
					"Give --anchors and --public-key from where compliance keeps them: an insider with the state folder can"
							+ " replace its own copies." })
	static class Verify implements Callable<Integer> {

		@Option(names = "--anchors", paramLabel = "PATH",
				description = "Anchor folder or file (default: the one this state folder writes to, breach-notice.anchors).")
		Path anchors;

		@Option(names = "--public-key", paramLabel = "FILE",
				description = "Public key of the checkpoint signing key (default: the key this state folder signs with).")
		Path publicKey;

		@Mixin
		SpringOptions spring;

		@Unmatched
		List<String> springArguments = new ArrayList<>();

		@Override
		public Integer call() throws Exception {
			try (SpringOptions.Session session = spring.openReadOnly(springArguments)) {
				Checkpoints checkpoints = session.bean(Checkpoints.class);
				AnchorFile file = anchors == null ? checkpoints.anchors() : AnchorFile.at(anchors);
				PublicKey key = publicKey == null ? checkpoints.key().pair().getPublic() : Ed25519.readPublic(publicKey);
				List<String> own = new ArrayList<>();
				if (anchors == null) {
					own.add("anchor file");
				}
				if (publicKey == null) {
					own.add("signing key");
				}
				if (!own.isEmpty()) {
					System.out.println("Note: checked against this state folder's own " + String.join(" and ", own)
							+ ", which an insider could replace: give --anchors and --public-key from compliance's copies.");
				}
				if (!file.exists()) {
					System.out.println("Warning: no anchor file at " + file.path() + ": only the hash chain is checked, which"
							+ " does not show a ledger rewritten with recomputed hashes.");
				}
				LedgerVerifier.Result result = session.bean(LedgerVerifier.class).verify(file.read(), key);
				if (!result.valid()) {
					System.out.println("Ledger BROKEN: " + result.problem());
					return 1;
				}
				System.out.printf("Ledger intact: %d entries, head hash %s; %d signed checkpoint(s) of key %s verified%n",
						result.entries(), result.headHash(), result.checkpoints(), Ed25519.keyId(key));
				if (result.unanchored() > 0) {
					System.out.printf("  %d entries after the last checkpoint are protected by the hash chain only: `ledger"
							+ " checkpoint` signs them.%n", result.unanchored());
				}
				return 0;
			}
		}

	}

	@Command(name = "checkpoint", mixinStandardHelpOptions = true,
			description = "Signs the ledger's head now and appends the checkpoint to the anchor file (runs do it at their end).")
	static class MakeCheckpoint implements Callable<Integer> {

		@Option(names = "--incident", paramLabel = "ID", defaultValue = "", description = "The incident it is made for (a label).")
		String incident;

		@Mixin
		SpringOptions spring;

		@Unmatched
		List<String> springArguments = new ArrayList<>();

		@Override
		public Integer call() throws Exception {
			try (SpringOptions.Session session = spring.open(springArguments)) {
				Checkpoints checkpoints = session.bean(Checkpoints.class);
				Checkpoint c = checkpoints.write(incident.isBlank() ? null : incident);
				System.out.printf("Checkpoint #%d: %d entries, head hash %s, signed %s by key %s, appended to %s%n", c.number(),
						c.entries(), c.headHash(), c.signedAt(), c.keyId(), checkpoints.anchors().path());
				return 0;
			}
		}

	}

	@Command(name = "export", mixinStandardHelpOptions = true,
			description = "Writes every entry (or one incident's) as CSV or JSON, to standard output or --output.")
	static class Export implements Callable<Integer> {

		@Option(names = "--format", defaultValue = "csv", paramLabel = "csv|json")
		String format;

		@Option(names = "--output", paramLabel = "FILE")
		Path output;

		@Option(names = "--incident", paramLabel = "ID", description = "Only this incident's entries.")
		String incident;

		@Mixin
		SpringOptions spring;

		@Unmatched
		List<String> springArguments = new ArrayList<>();

		@Override
		public Integer call() throws Exception {
			if (!format.equals("csv") && !format.equals("json")) {
				throw new IllegalArgumentException("--format must be csv or json, not '" + format + "'");
			}
			try (SpringOptions.Session session = spring.openReadOnly(springArguments);
					OutputStream stream = output == null ? System.out : Files.newOutputStream(output);
					PrintWriter out = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
				LedgerStore store = session.bean(LedgerStore.class);
				if (format.equals("csv")) {
					SpreadsheetCsv csv = SpreadsheetCsv.open(out, "seq", "recorded_at", "incident", "type", "recipient_hmac",
							"recipient_email", "payload", "prev_hash", "entry_hash");
					store.forEach(incident, e -> csv.row(e.seq(), e.recordedAt(), e.incidentId(), e.type(), e.recipientHmac(),
							e.recipientEmail(), e.payload(), e.prevHash(), e.entryHash()));
					csv.flush();
				}
				else {
					out.println("[");
					boolean[] first = { true };
					store.forEach(incident, e -> {
						out.print(first[0] ? "" : ",\n");
						first[0] = false;
						// The payload is canonical JSON already: embedded as is, so its hash can be recomputed.
						out.print("{\"seq\":" + e.seq() + ",\"recipient_email\":" + CanonicalJson.write(e.recipientEmail())
								+ ",\"payload\":" + e.payload() + ",\"prev_hash\":\"" + e.prevHash() + "\",\"entry_hash\":\""
								+ e.entryHash() + "\"}");
					});
					out.println("\n]");
				}
			}
			if (output != null) {
				System.err.println("Ledger exported to " + output);
			}
			return 0;
		}

	}

	@Command(name = "find", mixinStandardHelpOptions = true,
			description = "Every ledger entry about one e-mail address: what was sent when, with which Message-ID and outcome.")
	static class Find implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "E-MAIL")
		String email;

		@Mixin
		SpringOptions spring;

		@Unmatched
		List<String> springArguments = new ArrayList<>();

		@Override
		public Integer call() throws Exception {
			String key = EmailKeys.of(email);
			try (SpringOptions.Session session = spring.openReadOnly(springArguments)) {
				List<LedgerEntry> entries = session.bean(LedgerStore.class).findByRecipient(key);
				if (entries.isEmpty()) {
					System.out.println("No ledger entry for this address.");
					return 1;
				}
				System.out.printf("%-6s %-24s %-18s %-18s %-12s %-6s %-55s %s%n", "seq", "recorded_at", "incident", "entry",
						"notice", "locale", "message_id", "reply");
				for (LedgerEntry entry : entries) {
					Map<String, Object> fields = entry.fields();
					System.out.printf("%-6d %-24s %-18s %-18s %-12s %-6s %-55s %s%n", entry.seq(), entry.recordedAt(),
							entry.incidentId(), entry.type(), fields.get("notice_type"), fields.get("locale"),
							fields.get("message_id"), reply(fields));
				}
				return 0;
			}
		}

		private static String reply(Map<String, Object> fields) {
			Object code = fields.get("reply_code");
			Object text = fields.getOrDefault("reply_text", fields.get("reason"));
			return (code == null ? "" : code + " ") + (text == null ? "" : text);
		}

	}

}
