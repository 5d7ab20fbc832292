package org.example.breachnotice.delivery;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;
import org.springframework.jdbc.core.JdbcTemplate;

import org.example.breachnotice.support.DaemonTimers;


/**
 * Remote partitioning over the Artemis broker (Spring Batch integration): the manager's send step
 * puts one request per partition on the {@value #QUEUE} queue and polls the shared job repository
 * for their end; {@code worker} processes take the requests and run the {@code sendPartition} step
 * bean on the step execution named. A request travels as the text "sendPartition 42", never as a
 * serialized Java object, and names only that step.
 */
@Configuration(proxyBeanMethods = false)
class RemotePartitions {

	private static final Logger log = LoggerFactory.getLogger(RemotePartitions.class);

	static final String QUEUE = "breach-notice.send-partitions";

	/** How often the manager reads the partitions' status from the job repository. */
	static final long POLL_MILLIS = 1000;

	@Bean
	DirectChannel partitionRequests() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow partitionRequestsToBroker(DirectChannel partitionRequests, ConnectionFactory connectionFactory) {
		return IntegrationFlow.from(partitionRequests)
			.transform(StepExecutionRequest.class, request -> request.getStepName() + " " + request.getStepExecutionId())
			.handle(Jms.outboundAdapter(connectionFactory).destination(QUEUE))
			.get();
	}

	/** The manager's side: requests out, the outcome read from the job repository (no reply aggregation). */
	@Bean
	MessageChannelPartitionHandler remotePartitionHandler(DirectChannel partitionRequests, JobRepository jobRepository) {
		MessageChannelPartitionHandler handler = new MessageChannelPartitionHandler();
		handler.setStepName(SendSteps.PARTITION_STEP);
		handler.setMessagingOperations(new MessagingTemplate(partitionRequests));
		handler.setJobRepository(jobRepository);
		handler.setPollInterval(POLL_MILLIS);
		return handler;
	}

	/**
	 * A worker's side, in a {@code worker} process on PostgreSQL only (the command refuses the
	 * embedded database): up to {@code partitions} at a time.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${breach-notice.worker:false}' == 'true' and '${breach-notice.database}' == 'postgresql'")
	static class Worker {

		@Bean
		BeanFactoryStepLocator stepLocator() {
			return new BeanFactoryStepLocator();
		}

		@Bean
		IntegrationFlow partitionRequestsFromBroker(ConnectionFactory connectionFactory, PartitionRequests claimedRequests,
				@Value("${breach-notice.worker.partitions:1}") int partitions) {
			return IntegrationFlow
				.from(Jms.messageDrivenChannelAdapter(connectionFactory)
					.destination(QUEUE)
					.configureListenerContainer(container -> container.concurrentConsumers(partitions).sessionTransacted(false)))
				.handle(String.class, (text, headers) -> claimedRequests.run(text))
				.nullChannel();
		}

		@Bean
		PartitionRequests claimedRequests(JobRepository jobRepository, BeanFactoryStepLocator stepLocator, JdbcTemplate jdbc,
				WorkerHeartbeats heartbeats, Clock clock) {
			StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
			handler.setJobRepository(jobRepository);
			handler.setStepLocator(stepLocator);
			return new PartitionRequests(handler, jdbc, heartbeats, clock);
		}

	}

	/**
	 * Runs each partition request once: it claims the step execution in {@code partition_claim}
	 * first, so that a request the broker delivers again (after a broker restart, or to a second
	 * worker) is dropped instead of running the partition twice. Beats every 2 s while the worker
	 * lives (started before the listener takes requests), for the manager's {@link WorkerWatch}.
	 */
	static final class PartitionRequests implements SmartLifecycle {

		private final StepExecutionRequestHandler handler;

		private final JdbcTemplate jdbc;

		private final WorkerHeartbeats heartbeats;

		private final Clock clock;

		private final String worker = ManagementFactory.getRuntimeMXBean().getName();

		private final Instant startedAt;

		private final AtomicInteger running = new AtomicInteger();

		private ScheduledExecutorService timer;

		PartitionRequests(StepExecutionRequestHandler handler, JdbcTemplate jdbc, WorkerHeartbeats heartbeats, Clock clock) {
			this.handler = handler;
			this.jdbc = jdbc;
			this.heartbeats = heartbeats;
			this.clock = clock;
			this.startedAt = clock.instant();
		}

		@Override
		public void start() {
			timer = DaemonTimers.named("worker-heartbeat");
			timer.scheduleAtFixedRate(this::beat, 0, WorkerHeartbeats.EVERY.toMillis(), TimeUnit.MILLISECONDS);
		}

		private void beat() {
			try {
				heartbeats.beat(worker, startedAt, running.get());
			}
			catch (RuntimeException ex) {
				log.warn("Heartbeat not written: {}", ex.toString());
			}
		}

		@Override
		public void stop() {
			timer.shutdownNow();
		}

		@Override
		public boolean isRunning() {
			return timer != null && !timer.isShutdown();
		}

		/** Before the listener containers (default phase): the first beat precedes the first claim. */
		@Override
		public int getPhase() {
			return 0;
		}

		/** @return the step execution it ran, or null when the request was dropped */
		StepExecution run(String text) {
			String[] parts = text.strip().split(" ");
			if (parts.length != 2 || !parts[0].equals(SendSteps.PARTITION_STEP) || !parts[1].matches("\\d{1,18}")) {
				log.warn("Dropped a partition request that is not '{} <step execution id>': {} characters", SendSteps.PARTITION_STEP,
						text.length());
				return null;
			}
			long id = Long.parseLong(parts[1]);
			try {
				jdbc.update("INSERT INTO partition_claim (step_execution_id, worker, claimed_at) VALUES (?, ?, ?)", id, worker,
						Timestamp.from(clock.instant()));
			}
			catch (DuplicateKeyException taken) {
				log.info("Partition request for step execution {} delivered again: already taken, dropped", id);
				return null;
			}
			log.info("Worker {} runs send partition step execution {}", worker, id);
			running.incrementAndGet();
			try {
				return handler.handle(new StepExecutionRequest(parts[0], id));
			}
			finally {
				running.decrementAndGet();
			}
		}

	}

}
