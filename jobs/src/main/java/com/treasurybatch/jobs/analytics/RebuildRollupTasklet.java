package com.treasurybatch.jobs.analytics;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rebuilds the rollups of the UTC days {@code from} to {@code to} from the raw events: one day per call and
 * transaction, under the rollup lock (shared with the other rebuilds' days, exclusive of the incremental runs), the day's hourly and daily rows dropped and recomputed from the events with
 * {@code seq} up to the watermark, so that the result is what the incremental runs counted, row for row. The next
 * day to do is kept in the step's context: a restart goes on from there (redoing a day is harmless). A day whose
 * raw events may have been archived by the retention sweep ({@code analytics_event_archives}) is refused before
 * anything is dropped: its rollups stay as counted.
 * @throws IllegalStateException naming the day, when its raw events are archived
 */
final class RebuildRollupTasklet implements Tasklet {

	static final String NEXT_DAY = "analytics.rebuild.nextDay";

	private static final Logger log = LoggerFactory.getLogger(RebuildRollupTasklet.class);

	private final JdbcTemplate jdbc;

	private final LocalDate from;

	private final LocalDate to;

	RebuildRollupTasklet(JdbcTemplate jdbc, LocalDate from, LocalDate to) {
		this.jdbc = jdbc;
		this.from = from;
		this.to = to;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		ExecutionContext context = chunkContext.getStepContext().getStepExecution().getExecutionContext();
		LocalDate day = context.containsKey(NEXT_DAY) ? LocalDate.parse(context.getString(NEXT_DAY)) : this.from;
		if (day.isAfter(this.to)) {
			return RepeatStatus.FINISHED;
		}
		this.jdbc.queryForObject(RollupSql.SHARED_LOCK, String.class, RollupSql.ROLLUP_LOCK);
		Timestamp archivedUpTo = this.jdbc.queryForObject(
				"SELECT max(last_occurred_at) FROM analytics_event_archives", Timestamp.class);
		if (archivedUpTo != null && !day.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(archivedUpTo.toInstant())) {
			throw new IllegalStateException("Cannot rebuild " + day + ": raw events up to " + archivedUpTo.toInstant()
					+ " are archived (retention policy), so its rollups stay as counted; rebuild from a later day");
		}
		long watermark = this.jdbc.queryForObject(RollupSql.WATERMARK, Long.class);
		Timestamp start = Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
		Timestamp end = Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
		this.jdbc.update(RollupSql.DROP_HOURLY, start, end);
		this.jdbc.update(RollupSql.DROP_DAILY, day);
		int hourly = this.jdbc.update(RollupSql.REBUILD_HOURLY, start, end, watermark);
		this.jdbc.update(RollupSql.REBUILD_DAILY, start, end, watermark);
		contribution.incrementWriteCount(hourly);
		log.info("analytics-rollups: rebuilt {} from events up to seq {} ({} hourly rows)", day, watermark, hourly);
		context.putString(NEXT_DAY, day.plusDays(1).toString());
		return day.isBefore(this.to) ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
	}

}
