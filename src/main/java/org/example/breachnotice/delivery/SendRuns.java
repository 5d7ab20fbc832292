package org.example.breachnotice.delivery;

import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.mail.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.support.ProgressLog;

/**
 * What the send partitions of one job execution share in this process: the transport (with one
 * rate limit for all its connections), message assembly, the stop and wave gate, and progress.
 * Made by the first partition that starts; dropped when the send step ends, or, in a worker
 * process (which never sees the send step end), when its last partition of that execution ends.
 */
@Component
class SendRuns implements StepExecutionListener {

	/** The shared part of one job execution's send; {@code partitions}: how many of its partitions run here now. */
	record SendRun(Supplier<Delivery> deliveries, SendGate gate, ProgressLog progress,
			java.util.function.BiFunction<Delivery, AttemptJournal, BatchSender> senders, AtomicInteger partitions) {
	}

	private static final Logger log = LoggerFactory.getLogger(SendRuns.class);

	private final Map<Long, SendRun> runs = new ConcurrentHashMap<>();

	private final Outbox outbox;

	private final OutboxQueries queries;

	private final SmtpRelay relay;

	private final SendGate.Opener gates;

	private final WaveAdmissions remoteGates;

	private final Clock clock;

	private final DeliveryMetrics metrics;

	private final boolean cleartextAuthAllowed;

	private final boolean worker;

	/** pipelining or angus: see {@link #opener} */
	private final String client;

	SendRuns(Outbox outbox, OutboxQueries queries, SmtpRelay relay, SendGate.Opener gates, WaveAdmissions remoteGates,
			Clock clock, DeliveryMetrics metrics, @Value("${" + SmtpSecurity.OPT_OUT + ":false}") boolean cleartextAuthAllowed,
			@Value("${breach-notice.worker:false}") boolean worker, @Value("${breach-notice.smtp-client:pipelining}") String client) {
		if (!client.equals("pipelining") && !client.equals("angus")) {
			throw new IllegalArgumentException("breach-notice.smtp-client is pipelining or angus, not '" + client + "'");
		}
		this.client = client;
		this.worker = worker;
		this.outbox = outbox;
		this.queries = queries;
		this.relay = relay;
		this.gates = gates;
		this.remoteGates = remoteGates;
		this.clock = clock;
		this.metrics = metrics;
		this.cleartextAuthAllowed = cleartextAuthAllowed;
	}

	/** The shared part for a partition about to run; tell {@link #partitionEnded} when it ends. */
	SendRun of(StepExecution partition, Campaign campaign, RunParameters run, OutputFolder output) {
		SendRun shared = runs.compute(partition.getJobExecutionId(),
				(id, existing) -> existing != null ? existing : open(partition, campaign, run, output));
		shared.partitions().incrementAndGet();
		return shared;
	}

	void partitionEnded(StepExecution partition) {
		SendRun shared = runs.get(partition.getJobExecutionId());
		if (shared != null && shared.partitions().decrementAndGet() == 0 && worker) {
			ended(partition);
		}
	}

	private SendRun open(StepExecution partition, Campaign campaign, RunParameters run, OutputFolder output) {
		Campaign.Delivery settings = campaign.delivery();
		Supplier<Delivery> deliveries;
		// The messages' session: mail.mime.* settings of the relay's properties hold for them too.
		Session session = Session.getInstance(new Properties());
		if (run.live()) {
			JavaMailSenderImpl sender = relay.require();
			session = Session.getInstance(sender.getSession().getProperties());
			Supplier<SendRateLimiter> limiters = rateLimits(settings, run.remoteWorkers());
			RelayConnection.Opener opener = opener(sender);
			deliveries = () -> new SmtpDelivery(opener, sender.getHost() + ":" + sender.getPort(), settings.connectAttempts(),
					settings.connectBackoffMillis(), limiters.get(), settings.reconnectAfter());
		}
		else if (run.dryRun()) {
			DryRunDelivery dryRun = new DryRunDelivery(output.root().resolve("samples"), output.root().resolve("preview"));
			deliveries = () -> dryRun;
		}
		else {
			deliveries = () -> new PickupDelivery(output.pickup());
		}
		NoticeMessages messages = new NoticeMessages(campaign, session, clock);
		NoticeRenderer renderer = new NoticeRenderer(campaign.templates());
		SendGate gate = run.remoteWorkers() ? remoteGates.gate(run, partition.getJobExecutionId()) : gates.open(run);
		ProgressLog progress = new ProgressLog("notices", () -> queries.counts(campaign.incidentId()).of(NoticeStatus.PENDING));
		progress.beforeStep(partition);
		return new SendRun(deliveries, gate, progress, (delivery, journal) -> new BatchSender(campaign, outbox, renderer,
				messages, delivery, gate, metrics, journal, clock), new AtomicInteger());
	}

	/**
	 * The pipelining client unless {@code breach-notice.smtp-client=angus}, or unless the session
	 * sets a property only Angus knows (an OAuth mechanism, a proxy, a socket factory of its own).
	 */
	private RelayConnection.Opener opener(JavaMailSenderImpl sender) {
		Properties properties = SmtpSecurity.apply(sender.getSession().getProperties(), sender.getUsername(), cleartextAuthAllowed);
		Set<String> unknown = PipeliningConnection.unknownProperties(properties);
		if (client.equals("pipelining") && unknown.isEmpty()) {
			return PipeliningConnection.opener(sender.getHost(), sender.getPort(), sender.getUsername(), sender.getPassword(),
					properties);
		}
		if (client.equals("pipelining")) {
			log.info("Sending through Angus Mail, without pipelining: the pipelining client does not know {}", unknown);
		}
		return AngusConnection.opener(Session.getInstance(RelaySocketFactory.installedIn(properties)), sender.getHost(),
				sender.getPort(), sender.getUsername(), sender.getPassword());
	}

	/**
	 * delivery.max_per_second and max_per_hour hold for the whole run. Local partitions share one
	 * limiter; remote partitions, spread over processes that share nothing, each take their share
	 * of the limit (limit / connections), so that all of them together never exceed it.
	 */
	private static Supplier<SendRateLimiter> rateLimits(Campaign.Delivery settings, boolean remote) {
		if (!remote) {
			SendRateLimiter shared = new SendRateLimiter(settings.maxPerSecond(), settings.maxPerHour(),
					SendRateLimiter.Ticker.SYSTEM);
			return () -> shared;
		}
		int partitions = settings.connections();
		int perHour = settings.maxPerHour() == 0 ? 0 : Math.max(1, settings.maxPerHour() / partitions);
		return () -> new SendRateLimiter(settings.maxPerSecond() / partitions, perHour, SendRateLimiter.Ticker.SYSTEM);
	}

	/** The send step ended: its partitions on this machine are done. */
	@Override
	public ExitStatus afterStep(StepExecution sendStep) {
		ended(sendStep);
		return null;
	}

	private void ended(StepExecution step) {
		SendRun run = runs.remove(step.getJobExecutionId());
		if (run != null) {
			run.progress().afterStep(step);
		}
	}

}
