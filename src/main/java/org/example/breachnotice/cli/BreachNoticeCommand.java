package org.example.breachnotice.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.example.breachnotice.campaign.CampaignException;
import org.example.breachnotice.compliance.Approvals;
import org.example.breachnotice.notification.IncidentLock;
import org.example.breachnotice.support.Masking;

/** The command line: {@code run}, {@code ledger verify|export|find}, {@code generate}. */
@Command(name = "breach-notice", mixinStandardHelpOptions = true, version = "breach-notice 0.1",
		description = "Notifies the people and organizations affected by a personal-data breach, exactly once, with proof.")
public class BreachNoticeCommand {

	private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, ServeCommand.class, StatusCommand.class,
			StopCommand.class, AbandonCommand.class, RetryFailedCommand.class, PreflightCommand.class, ApproveCommand.class,
			ReportCommand.class, SubstituteNoticeCommand.class, BouncesCommand.class, EraseCommand.class, LedgerCommand.class,
			KeysCommand.class, GenerateCommand.class, WorkerCommand.class);

	/** Exit code for a bad job file, bad input or bad option: nothing was done. */
	static final int USAGE = 2;

	/** Exit code when another process holds the state folder. */
	static final int BUSY = 3;

	/** Exit code when preflight or the four-eyes approval refuses: nothing was sent. */
	static final int REFUSED = 6;

	public static int execute(String... args) {
		CommandLine commandLine = new CommandLine(new BreachNoticeCommand());
		// picocli reads the options of every subcommand it is given (a quarter of a second for all of
		// them): given a subcommand's name, only that one; otherwise all, for the usage text.
		List<Class<?>> named = args.length == 0 ? List.of()
				: SUBCOMMANDS.stream().filter(command -> command.getAnnotation(Command.class).name().equals(args[0])).toList();
		(named.isEmpty() ? SUBCOMMANDS : named).forEach(commandLine::addSubcommand);
		commandLine.setExecutionExceptionHandler((ex, cl, parseResult) -> {
			PrintWriter err = cl.getErr();
			if (ex instanceof CampaignException || ex instanceof IllegalArgumentException) {
				err.println("error: " + Masking.maskAddresses(ex.getMessage()));
				return USAGE;
			}
			if (ex instanceof Approvals.ComplianceRefusal) {
				err.println("refused: " + Masking.maskAddresses(ex.getMessage()));
				return REFUSED;
			}
			if (ex instanceof StateFolder.StateFolderBusy || ex instanceof IncidentLock.IncidentBusy) {
				err.println("error: " + Masking.maskAddresses(ex.getMessage()));
				return BUSY;
			}
			throw ex;
		});
		return commandLine.execute(args);
	}

}
