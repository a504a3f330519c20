package com.treasurybatch.jobs.reports;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.support.ListItemReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.partitioning.PartitionHandlers;
import com.treasurybatch.shared.partitioning.PartitionWorkerListener;
import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportStorage;
import com.treasurybatch.shared.reports.ReportType;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.ReportsProperties;

/**
 * The {@code report-generation} job, on demand and scheduled; identifying parameters {@code type}, {@code period}
 * and {@code format} (optional: the type's first format). One partitioned step: the type's {@link ReportRenderer}
 * plans the files, {@link ReportFilePartitioner} cuts them into {@code partitions} ranges of subjects (payees,
 * shows), and each partition ({@code reportFileReader}, the files of its range) has {@link ReportFilesWriter} write
 * each file to storage and record it, {@code chunk-size} files per transaction; the partitions run on this node's
 * threads or, with {@code treasury.partitioning.mode=remote}, on every node's workers ({@link PartitionHandlers}). A COMPLETED report is never made again; a FAILED one restarts and skips the files already
 * recorded. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class ReportGenerationJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "report-generation";

	static final String STEP_NAME = "writeReportFilesStep";

	/** The step each partition of {@link #STEP_NAME} runs: one range of the report's subjects. */
	static final String PARTITION_STEP_NAME = "writeReportFilesPartitionStep";

	@Bean
	ReportWriters reportWriters(List<ReportRenderer> writers) {
		return new ReportWriters(writers.stream().collect(Collectors.toMap(ReportRenderer::type, Function.identity())));
	}

	/** The files of the partition's range of subjects, in plan order (planned again by each partition). */
	@Bean
	@StepScope
	ListItemReader<ReportFile> reportFileReader(ReportWriters writers, @Value("#{jobParameters['type']?.toString()}") String type,
			@Value("#{jobParameters['period']?.toString()}") String period, @Value("#{jobParameters['format']?.toString()}") String format,
			@Value("#{stepExecutionContext['" + ReportFilePartitioner.FROM + "']}") String from,
			@Value("#{stepExecutionContext['" + ReportFilePartitioner.TO + "']}") String to) {
		ReportRequest request = ReportRequest.of(type, period, format);
		return new ListItemReader<>(writers.of(request.type())
			.plan(request)
			.stream()
			.filter((file) -> ReportFilePartitioner.inRange(file, from, to))
			.toList());
	}

	/** The ranges of the report's subjects, cut on the plan made when the step starts. */
	@Bean
	@StepScope
	ReportFilePartitioner reportFilePartitioner(ReportWriters writers,
			@Value("#{jobParameters['type']?.toString()}") String type,
			@Value("#{jobParameters['period']?.toString()}") String period,
			@Value("#{jobParameters['format']?.toString()}") String format) {
		ReportRequest request = ReportRequest.of(type, period, format);
		ReportRenderer renderer = writers.of(request.type());
		return new ReportFilePartitioner(renderer.plan(request), renderer.readsOnly());
	}

	@Bean
	@StepScope
	ReportFilesWriter reportFilesWriter(ReportWriters writers, Reports reports, ReportStorage storage,
			@Value("#{jobParameters['type']?.toString()}") String type, @Value("#{jobParameters['period']?.toString()}") String period,
			@Value("#{jobParameters['format']?.toString()}") String format,
			@Value("#{stepExecution.jobExecution.id}") Long jobExecutionId, ExecutorService reportFilesExecutor) {
		ReportRequest request = ReportRequest.of(type, period, format);
		return new ReportFilesWriter(request, writers.of(request.type()), reports, storage, jobExecutionId,
				reportFilesExecutor);
	}

	/** Threads writing the files of read-only report types ({@code report-files-*}, {@code threads} of them). */
	@Bean(destroyMethod = "shutdown")
	ExecutorService reportFilesExecutor(ReportsProperties properties) {
		AtomicInteger count = new AtomicInteger();
		return Executors.newFixedThreadPool(properties.threads(), (task) -> {
			Thread thread = new Thread(task, "report-files-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	Step writeReportFilesPartitionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ListItemReader<ReportFile> reportFileReader, ReportFilesWriter reportFilesWriter,
			ReportsProperties properties, PartitionWorkerListener partitionWorkerListener) {
		return new StepBuilder(PARTITION_STEP_NAME, jobRepository)
			.<ReportFile, ReportFile>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(reportFileReader)
			.writer(reportFilesWriter)
			.listener(partitionWorkerListener)
			.build();
	}

	@Bean
	Step writeReportFilesStep(Step writeReportFilesPartitionStep,
			ReportFilePartitioner reportFilePartitioner, ReportsProperties properties,
			PartitionHandlers partitionHandlers) {
		return partitionHandlers.partitionedStep(STEP_NAME, writeReportFilesPartitionStep, reportFilePartitioner,
				properties.partitions(), properties.partitions(), "report-partitions-", false);
	}

	@Bean(JOB_NAME)
	Job reportGenerationJob(JobRepository jobRepository, Step writeReportFilesStep) {
		return new JobBuilder(JOB_NAME, jobRepository).validator(reportParametersValidator())
			.start(writeReportFilesStep)
			.build();
	}

	private static JobParametersValidator reportParametersValidator() {
		// required keys only: a non-empty optional list makes Spring Batch warn about every other key, and every run
		// carries the launcher's non-identifying trigger keys (who started it, through which channel); "format" is
		// checked below with the other values
		DefaultJobParametersValidator names = new DefaultJobParametersValidator(new String[] { "type", "period" },
				new String[0]);
		return (parameters) -> {
			names.validate(parameters);
			try {
				ReportRequest.of(text(parameters, "type"), text(parameters, "period"), text(parameters, "format"));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidJobParametersException(ex.getMessage());
			}
		};
	}

	/** A parameter's value as text, whatever type it was given as (a tax year may arrive as a long). */
	private static String text(org.springframework.batch.core.job.parameters.JobParameters parameters, String name) {
		var parameter = parameters.getParameter(name);
		return (parameter != null) ? String.valueOf(parameter.value()) : null;
	}

	/** The writer of each report type. */
	record ReportWriters(Map<ReportType, ReportRenderer> byType) {

		ReportRenderer of(ReportType type) {
			ReportRenderer writer = this.byType.get(type);
			if (writer == null) {
				throw new IllegalStateException("No writer for report type " + type.code());
			}
			return writer;
		}

	}

}
