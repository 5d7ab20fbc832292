package org.example.breachnotice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.example.breachnotice.ledger.Ed25519;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Ed25519 key pairs for approvers and for signing checkpoints.",
		subcommands = KeysCommand.Generate.class)
class KeysCommand {

	@Command(name = "generate", mixinStandardHelpOptions = true,
			description = { "Writes a new key pair to FILE (owner-only; never overwrites) and its public half to FILE.pub,"
					+ " then prints the entry to add to an approvers keyring.",
					"Keep FILE where only you can read it: whoever holds it can approve in your name." })
	static class Generate implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "FILE")
		Path file;

		@Option(names = "--name", paramLabel = "NAME", description = "The approver's name, for the keyring entry.")
		String name;

		@Option(names = "--user", paramLabel = "LOGIN", description = "The approver's login, which may then not launch what they approve.")
		String user;

		@Override
		public Integer call() throws Exception {
			KeyPair pair = Ed25519.generate();
			Ed25519.writePair(file, pair);
			Path publicFile = file.resolveSibling(file.getFileName() + ".pub");
			Files.writeString(publicFile, Ed25519.publicPem(pair.getPublic()));
			System.out.printf("Key %s written to %s (keep it private) and %s (public).%n", Ed25519.keyId(pair.getPublic()), file,
					publicFile);
			System.out.println("For an approvers keyring (compliance.approvers of the job file):");
			System.out.printf("  - name: %s%n", name == null ? "YOUR NAME" : name);
			if (user != null) {
				System.out.printf("    user: %s%n", user);
			}
			System.out.printf("    public_key: %s%n", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
			return 0;
		}

	}

}
