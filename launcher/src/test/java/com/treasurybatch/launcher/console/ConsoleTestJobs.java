package com.treasurybatch.launcher.console;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A slow chunk job for the console's browser tests, {@value #SLOW}: numbers 1 to {@value #ITEMS} in chunks of
 * {@value #CHUNK_SIZE}, {@value #ITEM_MILLIS} ms per item (so that progress is seen moving), failing at the item
 * {@link SlowFailure} names; identifying parameter {@code date}.
 */
@TestConfiguration(proxyBeanMethods = false)
class ConsoleTestJobs {

	static final String SLOW = "console-slow";

	static final int ITEMS = 30;

	static final int CHUNK_SIZE = 3;

	static final long ITEM_MILLIS = 150;

	/** Which item fails (1-based), 0 for none. */
	static final class SlowFailure {

		final AtomicInteger failAt = new AtomicInteger();

	}

	@Bean
	SlowFailure slowFailure() {
		return new SlowFailure();
	}

	@Bean
	@StepScope
	AbstractItemCountingItemStreamItemReader<Integer> slowNumbersReader() {
		AbstractItemCountingItemStreamItemReader<Integer> reader = new AbstractItemCountingItemStreamItemReader<>() {

			@Override
			protected Integer doRead() {
				return getCurrentItemCount();
			}

			@Override
			protected void doOpen() {
			}

			@Override
			protected void doClose() {
			}

		};
		reader.setName("slowNumbersReader");
		reader.setMaxItemCount(ITEMS);
		return reader;
	}

	@Bean
	Step slowStep(JobRepository repository, PlatformTransactionManager transactionManager,
			AbstractItemCountingItemStreamItemReader<Integer> slowNumbersReader, SlowFailure slowFailure) {
		ItemProcessor<Integer, Integer> processor = (item) -> {
			Thread.sleep(ITEM_MILLIS);
			if (item == slowFailure.failAt.get()) {
				throw new IllegalStateException("planned failure at item " + item);
			}
			return item;
		};
		return new StepBuilder("slowStep", repository).<Integer, Integer>chunk(CHUNK_SIZE)
			.transactionManager(transactionManager)
			.reader(slowNumbersReader)
			.processor(processor)
			.writer((chunk) -> {
			})
			.build();
	}

	@Bean
	Job consoleSlowJob(JobRepository repository, Step slowStep) {
		return new JobBuilder(SLOW, repository).start(slowStep).build();
	}

}
