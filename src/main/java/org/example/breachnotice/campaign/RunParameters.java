package org.example.breachnotice.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import org.example.breachnotice.ledger.Hashes;

/**
 * The job parameters of a notification or retry run: their names, written by the runner and read
 * by the steps through these accessors alone. {@link #INCIDENT} with {@link #INPUTS} (a run) or
 * {@link #RETRY} (a retry) identify the job instance; the others describe one execution.
 */
public final class RunParameters {

	public static final String INCIDENT = "incident", INPUTS = "inputs", RETRY = "retry";

	public static final String JOB_FILE = "jobFile", JOB_FILE_SHA256 = "jobFileSha256", TRANSPORT = "transport",
			RESEND_UNKNOWN = "resendUnknown", OPERATOR = "operator", APPROVAL = "approval";

	/** Send partitions, one SMTP connection each: the job file's, or what {@code run --connections} chose. */
	public static final String CONNECTIONS = "connections";

	/** Where the send partitions run: {@code local} or {@code remote} (the job file's, or {@code --workers}). */
	public static final String WORKERS = "workers";

	/** Whether the approval accepted person notices in jurisdictions the templates were not checked for. */
	public static final String UNCOVERED_JURISDICTIONS_ACCEPTED = "uncoveredJurisdictionsAccepted";

	/** A scheduled wave: at most so many notices (0: no cap), none once the window end passed. */
	public static final String WAVE_CAP = "waveCap", WAVE_WINDOW_END = "waveWindowEnd";

	private final JobParameters parameters;

	public RunParameters(JobParameters parameters) {
		this.parameters = parameters;
	}

	/**
	 * The parameters of every execution: the incident (identifying), its job file with the file's
	 * hash, and what the operator chose. The caller adds {@link #INPUTS} or {@link #RETRY}, and what
	 * else applies.
	 */
	public static JobParametersBuilder of(Campaign campaign, String transport, boolean resendUnknown, String operator) {
		return new JobParametersBuilder().addString(INCIDENT, campaign.incidentId())
			.addString(JOB_FILE, campaign.jobFile().toAbsolutePath().toString(), false)
			.addString(JOB_FILE_SHA256, Hashes.sha256(campaign.jobFile()), false)
			.addString(TRANSPORT, transport, false)
			.addString(RESEND_UNKNOWN, Boolean.toString(resendUnknown), false)
			.addString(OPERATOR, operator, false)
			.addLong(CONNECTIONS, (long) campaign.delivery().connections(), false)
			.addString(WORKERS, campaign.delivery().workers(), false);
	}

	/** What identifies a dataset among the runs of an incident: the hash of its input files' hashes, cut to 16 digits. */
	public static String inputsOf(Campaign campaign) {
		return Hashes.sha256(campaign.inputFiles().stream().map(Hashes::sha256).collect(Collectors.joining("\n")))
			.substring(0, 16);
	}

	public String incident() {
		return parameters.getString(INCIDENT);
	}

	/** The staged rows of this dataset: the incident and the hash of its input files. Null for a retry. */
	public String runKey() {
		String inputs = parameters.getString(INPUTS);
		return inputs == null ? null : incident() + ":" + inputs;
	}

	public String transport() {
		return parameters.getString(TRANSPORT);
	}

	public boolean dryRun() {
		return "dry-run".equals(transport());
	}

	/** Only SMTP reaches people. */
	public boolean live() {
		return "smtp".equals(transport());
	}

	/** The send partitions go to {@code worker} processes through the broker. */
	public boolean remoteWorkers() {
		return Campaign.Delivery.REMOTE_WORKERS.equals(parameters.getString(WORKERS));
	}

	public boolean resendUnknown() {
		return Boolean.parseBoolean(parameters.getString(RESEND_UNKNOWN));
	}

	public boolean uncoveredJurisdictionsAccepted() {
		return Boolean.parseBoolean(parameters.getString(UNCOVERED_JURISDICTIONS_ACCEPTED));
	}

	public long waveCap() {
		String cap = parameters.getString(WAVE_CAP);
		return cap == null ? 0 : Long.parseLong(cap);
	}

	public Optional<Instant> waveWindowEnd() {
		return Optional.ofNullable(parameters.getString(WAVE_WINDOW_END)).map(Instant::parse);
	}

	/**
	 * The campaign of this run, read again from its job file, with the run's connections and workers. Refused
	 * when the file changed since the launch: preflight and approval were given for the file as it
	 * was then.
	 * @throws CampaignException naming the file and what to do
	 */
	public Campaign campaign() {
		return campaign(List.of());
	}

	/**
	 * As {@link #campaign()}, on a worker's machine: where the job file is not at the path the run
	 * recorded, or is another file there, one of {@code copies} with the same SHA-256 (the worker's
	 * {@code JOB_FILE} arguments) stands in for it.
	 */
	public Campaign campaign(List<Path> copies) {
		Path jobFile = Path.of(parameters.getString(JOB_FILE));
		String expected = parameters.getString(JOB_FILE_SHA256);
		if (!Files.isRegularFile(jobFile) || !Hashes.sha256(jobFile).equals(expected)) {
			Optional<Path> copy = copies.stream().filter(Files::isRegularFile).filter(file -> Hashes.sha256(file).equals(expected))
				.findFirst();
			if (copy.isEmpty() && !Files.isRegularFile(jobFile)) {
				throw new CampaignException(jobFile + ": the job file of this run is not on this machine, and no job file given"
						+ " to this worker has its SHA-256 " + expected + ". Give the worker the same job file: worker JOB_FILE...");
			}
			jobFile = copy.orElse(jobFile);
		}
		Campaign campaign = CampaignLoader.load(jobFile);
		String actual = Hashes.sha256(campaign.jobFile());
		if (!actual.equals(expected)) {
			throw new CampaignException(jobFile + " changed while its run was in progress (SHA-256 " + actual + ", was "
					+ expected + " at launch). Nothing more is sent under the changed file: put it back, or stop this run and"
					+ " launch it again under the new file (a live send needs preflight and approval again).");
		}
		Campaign.Delivery delivery = campaign.delivery();
		Long connections = parameters.getLong(CONNECTIONS);
		if (connections != null) {
			delivery = delivery.withConnections(connections.intValue());
		}
		String workers = parameters.getString(WORKERS);
		return campaign.withDelivery(workers == null ? delivery : delivery.withWorkers(workers));
	}

}
