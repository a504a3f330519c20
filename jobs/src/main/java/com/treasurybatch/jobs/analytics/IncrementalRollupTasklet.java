package com.treasurybatch.jobs.analytics;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.analytics.AnalyticsEvents;

/**
 * Counts the events past the watermark: each call is one transaction (the step's) that adds the events with
 * {@code seq} in {@code (watermark, watermark + eventsPerChunk]} to the hourly and daily rollups
 * ({@code INSERT ... ON CONFLICT DO UPDATE}), notes the (day, type) pairs changed, and moves the watermark.
 *
 * <p>Invariants: an event is counted at most once: the additions and the watermark move commit together, under
 * the rollup lock, and the watermark is read under that lock; an event is counted at least once: the upper bound
 * is the ingestion barrier's high-water mark ({@link AnalyticsEvents#committedHighWater()}), below which no row
 * can still commit. A crash rolls back the chunk; a restart resumes at the watermark. Flagged events (unknown type
 * or schema version) are not counted; each kind found raises a WARNING alert once a day.
 */
final class IncrementalRollupTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(IncrementalRollupTasklet.class);

	private final JdbcTemplate jdbc;

	private final AnalyticsEvents events;

	private final int eventsPerChunk;

	private final Clock clock;

	private final Alerts alerts;

	private long highWater = -1;

	IncrementalRollupTasklet(JdbcTemplate jdbc, AnalyticsEvents events, int eventsPerChunk, Clock clock,
			Alerts alerts) {
		this.alerts = alerts;
		this.jdbc = jdbc;
		this.events = events;
		this.eventsPerChunk = eventsPerChunk;
		this.clock = clock;
	}

	/**
	 * Raises one WARNING per flag, type and schema version found in the chunk (deduplicated by them and the UTC
	 * day): Passport sends something this system does not count yet.
	 */
	private void alertFlagged(long from, long to) {
		String day = this.clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
		this.jdbc.query(RollupSql.FLAGGED, (row) -> {
			String flag = row.getString(1);
			String type = row.getString(2);
			String version = row.getString(3);
			this.alerts.raise(Severity.WARNING, "analytics_events_flagged", "passport:" + type,
					row.getLong(4) + " Passport events of type '" + type + "', schema_version '" + version + "' flagged "
							+ flag + " (seq " + (from + 1) + ".." + to + "): stored, not counted",
					"analytics_events_flagged:" + flag + ":" + type + ":" + version + ":" + day);
		}, from, to);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		if (this.highWater < 0) {
			this.highWater = this.events.committedHighWater();
		}
		this.jdbc.queryForObject(RollupSql.LOCK, String.class, RollupSql.ROLLUP_LOCK);
		long from = this.jdbc.queryForObject(RollupSql.WATERMARK, Long.class);
		if (from >= this.highWater) {
			return RepeatStatus.FINISHED;
		}
		long to = Math.min(this.highWater, from + this.eventsPerChunk);
		int changedDays = this.jdbc.update(RollupSql.ADD_EVENTS, from, to);
		alertFlagged(from, to);
		int moved = this.jdbc.update(RollupSql.MOVE_WATERMARK, to, Timestamp.from(this.clock.instant()), from);
		if (moved != 1) {
			throw new IllegalStateException("analytics watermark moved from " + from + " by another writer");
		}
		contribution.incrementWriteCount(to - from);
		log.info("analytics-rollups: events seq {}..{} counted ({} (day, type) changed)", from + 1, to, changedDays);
		return (to < this.highWater) ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
	}

}
