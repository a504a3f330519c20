package com.treasurybatch.jobs.holds;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.inventory.HoldProperties;

/**
 * The {@code hold-release} job (every minute): one tasklet step releasing expired HELD ticket holds in batches of
 * {@code treasury.holds.release-batch-size}, each batch one transaction that also returns the quantities to their
 * ticket types. No identifying parameter: every run is a new instance. Counter {@value #RELEASED_METER}. See
 * README.md.
 */
@Configuration(proxyBeanMethods = false)
class HoldReleaseJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "hold-release";

	static final String STEP_NAME = "releaseExpiredHoldsStep";

	static final String RELEASED_METER = "treasury.holds.released";

	@Bean
	@StepScope
	HoldReleaseTasklet holdReleaseTasklet(JdbcTemplate jdbc, Clock clock, HoldProperties properties,
			ObjectProvider<MeterRegistry> registry) {
		Counter released = Counter.builder(RELEASED_METER)
			.description("Expired ticket holds released back on sale")
			.register(registry.getIfAvailable(SimpleMeterRegistry::new));
		return new HoldReleaseTasklet(new ExpiredHoldsRelease(jdbc), clock, properties.releaseBatchSize(),
				properties.releasesPerRunMax(), released);
	}

	@Bean
	Step releaseExpiredHoldsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			HoldReleaseTasklet holdReleaseTasklet) {
		return new StepBuilder(STEP_NAME, jobRepository).tasklet(holdReleaseTasklet, transactionManager).build();
	}

	@Bean(JOB_NAME)
	Job holdReleaseJob(JobRepository jobRepository, Step releaseExpiredHoldsStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(releaseExpiredHoldsStep)
			.build();
	}

}
