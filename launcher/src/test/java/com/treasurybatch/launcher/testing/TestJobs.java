package com.treasurybatch.launcher.testing;

import java.time.LocalDate;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Two small jobs for operating tests: {@value #CHUNKS} (20 numbers in chunks of 5,
 * written to a table, told to fail at an item by {@link FailureSwitch}; identifying
 * parameter {@code date}) and {@value #GATE} (a tasklet that runs until {@link Gate}
 * opens; with a run-id incrementer).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestJobs {

	/** The chunk job. */
	public static final String CHUNKS = "test-chunks";

	/** The tasklet job that waits for its gate. */
	public static final String GATE = "test-gate";

	/** Numbers the chunk job reads: 1 to this. */
	public static final int ITEMS = 20;

	/** Items per chunk (and per commit). */
	public static final int CHUNK_SIZE = 5;

	@Bean
	FailureSwitch failureSwitch() {
		return new FailureSwitch();
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	@Bean
	WrittenItems writtenItems(JdbcTemplate jdbc) {
		return new WrittenItems(jdbc);
	}

	// test-chunks: numbersReader -> failingProcessor -> numbersWriter -> chunkStep ->
	// testChunksJob

	@Bean
	@StepScope
	AbstractItemCountingItemStreamItemReader<Integer> numbersReader() {
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
		reader.setName("numbersReader");
		reader.setMaxItemCount(ITEMS);
		return reader;
	}

	@Bean
	ItemProcessor<Integer, Integer> failingProcessor(FailureSwitch failures) {
		return (item) -> {
			if (item == failures.failAt()) {
				throw new IllegalStateException("planned failure at item " + item);
			}
			return item;
		};
	}

	@Bean
	@StepScope
	ItemWriter<Integer> numbersWriter(JdbcTemplate jdbc, @Value("#{jobParameters['date']}") LocalDate date) {
		return (chunk) -> {
			for (Integer item : chunk) {
				jdbc.update("INSERT INTO test_written (tag, item) VALUES (?, ?)", date.toString(), item);
			}
		};
	}

	@Bean
	Step chunkStep(JobRepository repository, PlatformTransactionManager transactionManager,
			AbstractItemCountingItemStreamItemReader<Integer> numbersReader,
			ItemProcessor<Integer, Integer> failingProcessor, ItemWriter<Integer> numbersWriter) {
		return new StepBuilder("chunkStep", repository).<Integer, Integer>chunk(CHUNK_SIZE)
			.transactionManager(transactionManager)
			.reader(numbersReader)
			.processor(failingProcessor)
			.writer(numbersWriter)
			.build();
	}

	@Bean
	Job testChunksJob(JobRepository repository, Step chunkStep) {
		return new JobBuilder(CHUNKS, repository).start(chunkStep).build();
	}

	// test-gate: gateStep -> testGateJob

	@Bean
	Step gateStep(JobRepository repository, PlatformTransactionManager transactionManager, Gate gate) {
		return new StepBuilder("gateStep", repository)
			.tasklet((contribution, context) -> gate.awaitOpen() ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE,
					transactionManager)
			.build();
	}

	@Bean
	Job testGateJob(JobRepository repository, Step gateStep) {
		return new JobBuilder(GATE, repository).incrementer(new RunIdIncrementer()).start(gateStep).build();
	}

}
