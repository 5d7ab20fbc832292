package org.example.breachnotice.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import jakarta.mail.Session;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import org.example.breachnotice.ProgressLog;
import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.Outbox;
import org.example.breachnotice.render.NoticeRenderer;

/** Builds the send step of a campaign for the chosen transport. */
@Component
public class SendStepFactory {

	public static final String STEP_NAME = "sendStep";

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final DataSource dataSource;

	private final Outbox outbox;

	private final ObjectProvider<JavaMailSenderImpl> mailSender;

	private final Clock clock;

	private final DeliveryMetrics metrics;

	public SendStepFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DataSource dataSource, Outbox outbox, ObjectProvider<JavaMailSenderImpl> mailSender, Clock clock,
			DeliveryMetrics metrics) {
		this.metrics = metrics;
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.dataSource = dataSource;
		this.outbox = outbox;
		this.mailSender = mailSender;
		this.clock = clock;
	}

	/** @param folder where pickup writes its .eml files, or where the dry run writes samples/ and preview/ */
	public Step sendStep(Campaign campaign, String transport, Path folder, NoticeRenderer renderer, BooleanSupplier stop) {
		Session session;
		Delivery delivery;
		if ("smtp".equals(transport)) {
			JavaMailSenderImpl sender = mailSender.getIfAvailable();
			if (sender == null) {
				throw new IllegalArgumentException("Transport smtp needs an SMTP server: give --spring.mail.host=... (and "
						+ "--spring.mail.port, username, password as needed), or use --transport=pickup");
			}
			session = sender.getSession();
			delivery = new SmtpDelivery(session, sender.getHost(), sender.getPort(), sender.getUsername(),
					sender.getPassword(), campaign.delivery().maxAttempts(), campaign.delivery().initialBackoffMillis(),
					new SendRateLimiter(campaign.delivery().maxPerSecond(), campaign.delivery().maxPerHour(),
							SendRateLimiter.Ticker.SYSTEM));
		}
		else {
			session = Session.getInstance(new Properties());
			delivery = "dry-run".equals(transport) ? new DryRunDelivery(folder.resolve("samples"), folder.resolve("preview"))
					: new PickupDelivery(folder);
		}
		SendWriter writer = new SendWriter(campaign, outbox, renderer, new NoticeMessages(campaign, session, clock), delivery, stop,
				metrics);
		return new StepBuilder(STEP_NAME, jobRepository).<Notice, Notice>chunk(campaign.delivery().chunkSize())
			.transactionManager(transactionManager)
			.reader(pendingNotices(campaign))
			.writer(writer)
			.listener(new ProgressLog("notices", () -> outbox.countByStatus(campaign.incidentId()).get(NoticeStatus.PENDING)))
			.build();
	}

	/**
	 * Pending notices in id order. The status column, not the reader's position, is the truth:
	 * state is not saved, so a restart simply reads what is still PENDING.
	 */
	private JdbcPagingItemReader<Notice> pendingNotices(Campaign campaign) {
		JdbcPagingItemReaderBuilder<Notice> builder = new JdbcPagingItemReaderBuilder<Notice>().name("pendingNotices")
			.dataSource(dataSource)
			.selectClause("SELECT *")
			.fromClause("FROM notice")
			.whereClause("WHERE incident_id = :incident AND status = 'PENDING'")
			.parameterValues(Map.of("incident", campaign.incidentId()))
			.sortKeys(Map.of("id", Order.ASCENDING))
			.pageSize(Math.max(100, campaign.delivery().chunkSize()))
			.rowMapper(Outbox.NOTICE)
			.saveState(false);
		try {
			return builder.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot build the reader of pending notices", ex);
		}
	}

}
