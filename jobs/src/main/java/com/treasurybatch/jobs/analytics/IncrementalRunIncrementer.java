package com.treasurybatch.jobs.analytics;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The next instance of a scheduled run: only {@code run.id}, never the previous instance's other parameters.
 * Spring Batch's {@code RunIdIncrementer} copies them, so after an operator's {@code mode=rebuild} every scheduled
 * run would rebuild the same days again. {@code run.id} comes from the sequence {@code analytics_rollup_run_seq},
 * so that it is new even when the previous instance (a rebuild) had none.
 */
final class IncrementalRunIncrementer implements JobParametersIncrementer {

	static final String RUN_ID = "run.id";

	private final JdbcTemplate jdbc;

	IncrementalRunIncrementer(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public JobParameters getNext(JobParameters previous) {
		Long next = this.jdbc.queryForObject("SELECT nextval('analytics_rollup_run_seq')", Long.class);
		return new JobParametersBuilder().addLong(RUN_ID, next).toJobParameters();
	}

}
