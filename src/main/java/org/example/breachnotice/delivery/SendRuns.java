package org.example.breachnotice.delivery;

import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.mail.Session;
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
 * Made by the first partition that starts; dropped when the send step ends.
 */
@Component
class SendRuns implements StepExecutionListener {

	/** The shared part of one job execution's send. */
	record SendRun(Supplier<Delivery> deliveries, SendGate gate, ProgressLog progress,
			java.util.function.BiFunction<Delivery, AttemptJournal, BatchSender> senders) {
	}

	private final Map<Long, SendRun> runs = new ConcurrentHashMap<>();

	private final Outbox outbox;

	private final OutboxQueries queries;

	private final SmtpRelay relay;

	private final SendGate.Opener gates;

	private final Clock clock;

	private final DeliveryMetrics metrics;

	private final boolean cleartextAuthAllowed;

	SendRuns(Outbox outbox, OutboxQueries queries, SmtpRelay relay, SendGate.Opener gates,
			Clock clock, DeliveryMetrics metrics, @Value("${" + SmtpSecurity.OPT_OUT + ":false}") boolean cleartextAuthAllowed) {
		this.outbox = outbox;
		this.queries = queries;
		this.relay = relay;
		this.gates = gates;
		this.clock = clock;
		this.metrics = metrics;
		this.cleartextAuthAllowed = cleartextAuthAllowed;
	}

	SendRun of(StepExecution partition, Campaign campaign, RunParameters run, OutputFolder output) {
		return runs.computeIfAbsent(partition.getJobExecutionId(), id -> open(partition, campaign, run, output));
	}

	private SendRun open(StepExecution partition, Campaign campaign, RunParameters run, OutputFolder output) {
		Campaign.Delivery settings = campaign.delivery();
		Supplier<Delivery> deliveries;
		Session session;
		if (run.live()) {
			JavaMailSenderImpl sender = relay.require();
			session = Session.getInstance(RelaySocketFactory.installedIn(
					SmtpSecurity.apply(sender.getSession().getProperties(), sender.getUsername(), cleartextAuthAllowed)));
			SendRateLimiter limiter = new SendRateLimiter(settings.maxPerSecond(), settings.maxPerHour(),
					SendRateLimiter.Ticker.SYSTEM);
			deliveries = () -> new SmtpDelivery(session, sender.getHost(), sender.getPort(), sender.getUsername(),
					sender.getPassword(), settings.connectAttempts(), settings.connectBackoffMillis(), limiter,
					settings.reconnectAfter());
		}
		else if (run.dryRun()) {
			session = Session.getInstance(new Properties());
			DryRunDelivery dryRun = new DryRunDelivery(output.root().resolve("samples"), output.root().resolve("preview"));
			deliveries = () -> dryRun;
		}
		else {
			session = Session.getInstance(new Properties());
			deliveries = () -> new PickupDelivery(output.pickup());
		}
		NoticeMessages messages = new NoticeMessages(campaign, session, clock);
		NoticeRenderer renderer = new NoticeRenderer(campaign.templates());
		SendGate gate = gates.open(run);
		ProgressLog progress = new ProgressLog("notices", () -> queries.counts(campaign.incidentId()).of(NoticeStatus.PENDING));
		progress.beforeStep(partition);
		return new SendRun(deliveries, gate, progress, (delivery, journal) -> new BatchSender(campaign, outbox, renderer,
				messages, delivery, gate, metrics, journal, clock));
	}

	/** The send step ended: its partitions on this machine are done. */
	@Override
	public ExitStatus afterStep(StepExecution sendStep) {
		SendRun run = runs.remove(sendStep.getJobExecutionId());
		if (run != null) {
			run.progress().afterStep(sendStep);
		}
		return null;
	}

}
