package org.example.breachnotice.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Supplier;

import jakarta.mail.Session;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.outbox.OutboxQueries;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.support.ProgressLog;

/** Builds the send step of a campaign for the chosen transport. */
@Component
public class SendStepFactory {

	public static final String STEP_NAME = "sendStep";

	private final JobRepository jobRepository;

	private final Outbox outbox;

	private final OutboxQueries queries;

	private final ObjectProvider<JavaMailSenderImpl> mailSender;

	private final Clock clock;

	private final DeliveryMetrics metrics;

	private final boolean cleartextAuthAllowed;

	public SendStepFactory(JobRepository jobRepository, Outbox outbox, OutboxQueries queries, ObjectProvider<JavaMailSenderImpl> mailSender, Clock clock,
			DeliveryMetrics metrics, @Value("${" + SmtpSecurity.OPT_OUT + ":false}") boolean cleartextAuthAllowed) {
		this.metrics = metrics;
		this.cleartextAuthAllowed = cleartextAuthAllowed;
		this.jobRepository = jobRepository;
		this.outbox = outbox;
		this.queries = queries;
		this.mailSender = mailSender;
		this.clock = clock;
	}

	/**
	 * The send step: the outbox split by partition key into {@code delivery.connections}
	 * partitions, each on its own thread with its own delivery (one SMTP connection), sharing one
	 * rate limit. The step holds no database transaction: each batch's claim and outcomes commit
	 * on their own, and no connection is held while SMTP is in progress.
	 *
	 * @param folder where pickup writes its .eml files, or where the dry run writes samples/ and preview/
	 * @param journals where the partitions keep their attempt journals (state, read by recovery)
	 */
	public Step sendStep(Campaign campaign, String transport, Path folder, Path journals, NoticeRenderer renderer,
			SendGate gate) {
		Campaign.Delivery settings = campaign.delivery();
		Supplier<Delivery> deliveries;
		Session session;
		if ("smtp".equals(transport)) {
			JavaMailSenderImpl sender = mailSender.getIfAvailable();
			if (sender == null) {
				throw new IllegalArgumentException("Transport smtp needs an SMTP server: give --spring.mail.host=... (and "
						+ "--spring.mail.port, username, password as needed), or use --transport=pickup");
			}
			session = Session.getInstance(RelaySocketFactory.installedIn(
					SmtpSecurity.apply(sender.getSession().getProperties(), sender.getUsername(), cleartextAuthAllowed)));
			SendRateLimiter limiter = new SendRateLimiter(settings.maxPerSecond(), settings.maxPerHour(),
					SendRateLimiter.Ticker.SYSTEM);
			deliveries = () -> new SmtpDelivery(session, sender.getHost(), sender.getPort(), sender.getUsername(),
					sender.getPassword(), settings.connectAttempts(), settings.connectBackoffMillis(), limiter,
					settings.reconnectAfter());
		}
		else if ("dry-run".equals(transport)) {
			session = Session.getInstance(new Properties());
			DryRunDelivery dryRun = new DryRunDelivery(folder.resolve("samples"), folder.resolve("preview"));
			deliveries = () -> dryRun;
		}
		else {
			session = Session.getInstance(new Properties());
			deliveries = () -> new PickupDelivery(folder);
		}
		NoticeMessages messages = new NoticeMessages(campaign, session, clock);
		ProgressLog progress = new ProgressLog("notices", () -> queries.counts(campaign.incidentId()).of(NoticeStatus.PENDING));
		SendPartitionTasklet work = new SendPartitionTasklet(campaign.incidentId(), outbox, settings.chunkSize(), deliveries,
				journals, (delivery, journal) -> new BatchSender(campaign, outbox, renderer, messages, delivery, gate, metrics,
						journal, clock), gate, progress, settings.retries().waitInRun(), clock);
		Step partition = new StepBuilder("sendPartition", jobRepository).tasklet(work, new ResourcelessTransactionManager())
			.listener(work)
			.build();
		SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("send-");
		threads.setConcurrencyLimit(settings.connections());
		return new StepBuilder(STEP_NAME, jobRepository).partitioner("sendPartition", new SendPartitions(
				() -> outbox.pendingPerKey(campaign.incidentId())))
			.step(partition)
			.gridSize(settings.connections())
			.taskExecutor(threads)
			.listener(progress)
			.build();
	}

}
