package org.example.breachnotice.delivery;

import java.time.Clock;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.OutputFolder;
import org.example.breachnotice.campaign.RunParameters;
import org.example.breachnotice.outbox.Outbox;

/**
 * The send step: the outbox split by partition key into {@code delivery.connections} partitions,
 * each a {@value #PARTITION_STEP} step execution with its own delivery (one SMTP connection), on a
 * thread of this process or on a worker process ({@code delivery.workers}). The partition step is a
 * plain bean, found by its name, so that a worker runs it from its step execution alone. Neither step holds a database transaction: each batch's
 * claim and outcomes commit on their own, and no connection is held while SMTP is in progress.
 */
@Configuration(proxyBeanMethods = false)
public class SendSteps {

	public static final String STEP = "sendStep", PARTITION_STEP = "sendPartition";

	private final JobRepository jobRepository;

	public SendSteps(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	/** Partitions on threads of this process, or on worker processes: see {@link SendPartitionHandler}. */
	@Bean(STEP)
	public Step sendStep(@Qualifier(PARTITION_STEP) Step partition, Partitioner sendPartitioner,
			MessageChannelPartitionHandler remotePartitionHandler, WorkerWatch watch, WaveAdmissions admissions, SendRuns runs)
			throws Exception {
		return new StepBuilder(STEP, jobRepository).partitioner(PARTITION_STEP, sendPartitioner)
			.partitionHandler(new SendPartitionHandler(partition, remotePartitionHandler, watch, admissions))
			.listener(runs)
			.build();
	}

	@Bean(PARTITION_STEP)
	public Step sendPartition(SendPartitionTasklet sendPartitionTasklet) {
		return new StepBuilder(PARTITION_STEP, jobRepository)
			.tasklet(sendPartitionTasklet, new ResourcelessTransactionManager())
			.listener((StepExecutionListener) sendPartitionTasklet)
			.build();
	}

	/** Ranges of partition keys with about the same number of pending notices, one per connection. */
	@Bean
	@StepScope
	Partitioner sendPartitioner(Campaign campaign, Outbox outbox) {
		SendPartitions partitions = new SendPartitions(() -> outbox.pendingPerKey(campaign.incidentId()));
		return gridSize -> partitions.partition(campaign.delivery().connections());
	}

	/**
	 * @param output pickup writes its .eml files to its outbox/ folder, the dry run samples/ and
	 *        preview/ to its root; the attempt journals live in its journal/ folder
	 */
	@Bean
	@StepScope
	SendPartitionTasklet sendPartitionTasklet(@Value("#{stepExecution}") StepExecution partition, Campaign campaign,
			RunParameters run, OutputFolder output, SendRuns runs, Outbox outbox, Clock clock) {
		SendRuns.SendRun shared = runs.of(partition, campaign, run, output);
		return new SendPartitionTasklet(campaign.incidentId(), outbox, campaign.delivery().chunkSize(), runs, shared,
				output.journal(), campaign.delivery().retries().waitInRun(), clock);
	}

}
