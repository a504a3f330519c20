package com.treasurybatch.shared.partitioning;

import javax.sql.DataSource;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.context.IntegrationFlowContext;

/**
 * Remote partitioning ({@code treasury.partitioning.mode=remote}): the partition request channel over PostgreSQL
 * ({@link PartitionRequests}), and, unless {@code treasury.partitioning.worker-threads} is 0, this node's workers
 * ({@link PartitionWorkers}). Every node that shares the database can send requests and run them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "treasury.partitioning.mode", havingValue = "remote")
@EnableIntegration
class RemotePartitioningConfiguration {

	@Bean(destroyMethod = "close")
	PartitionRequests partitionRequests(DataSource dataSource, PartitioningProperties properties) {
		return new PartitionRequests(dataSource, properties.workerThreads() + 2);
	}

	@Bean(PartitionHandlers.REQUEST_CHANNEL)
	QueueChannel partitionRequestChannel(PartitionRequests requests) {
		return new QueueChannel(requests.queue());
	}

	@Bean
	PartitionRequestHandler partitionRequestHandler(JobRepository jobRepository, PartitionRequests requests,
			ListableBeanFactory beans) {
		StepExecutionRequestHandler steps = new StepExecutionRequestHandler();
		steps.setJobRepository(jobRepository);
		steps.setStepLocator(new StepsByName(beans));
		return new PartitionRequestHandler(jobRepository, steps, requests);
	}

	@Bean
	@ConditionalOnExpression("${treasury.partitioning.worker-threads:4} > 0")
	PartitionWorkers partitionWorkers(IntegrationFlowContext flows, QueueChannel partitionRequestChannel,
			PartitionRequests requests, PartitionRequestHandler handler, PartitionWorkerListener partitions,
			PartitioningProperties properties) {
		return new PartitionWorkers(flows, partitionRequestChannel, requests, handler, partitions,
				properties.workerThreads(), properties.pollInterval());
	}

}
