package com.treasurybatch.jobs.analytics;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.analytics.LeaderboardQuery.Period;

/**
 * Recomputes the leaderboards of what changed: each call takes up to {@code changedDaysPerChunk} (day, type)
 * pairs noted by the rollups, recomputes the day, ISO week and month boards that contain them from the daily
 * rollups (every show, city and genre combination), and forgets the pairs, in one transaction under the rollup
 * lock. A crash leaves the pairs noted: the restart recomputes them.
 */
final class LeaderboardsTasklet implements Tasklet {

	private final JdbcTemplate jdbc;

	private final int changedDaysPerChunk;

	LeaderboardsTasklet(JdbcTemplate jdbc, int changedDaysPerChunk) {
		this.jdbc = jdbc;
		this.changedDaysPerChunk = changedDaysPerChunk;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		this.jdbc.queryForObject(RollupSql.LOCK, String.class, RollupSql.ROLLUP_LOCK);
		List<ChangedDay> changed = this.jdbc.query(RollupSql.CHANGED_DAYS,
				(row, n) -> new ChangedDay(row.getObject(1, LocalDate.class), row.getString(2)),
				this.changedDaysPerChunk);
		Set<Board> boards = new LinkedHashSet<>();
		for (ChangedDay day : changed) {
			for (Period period : Period.values()) {
				boards.add(new Board(period, period.start(day.day()), day.type()));
			}
		}
		for (Board board : boards) {
			this.jdbc.update(RollupSql.DROP_BOARDS, board.period().column(), board.start(), board.type());
			int entries = this.jdbc.update(RollupSql.BUILD_BOARDS, board.period().column(), board.start(), board.type(),
					board.start(), board.end());
			contribution.incrementWriteCount(entries);
		}
		for (ChangedDay day : changed) {
			this.jdbc.update(RollupSql.DONE_DAY, day.day(), day.type());
		}
		return (changed.size() < this.changedDaysPerChunk) ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
	}

	private record ChangedDay(LocalDate day, String type) {
	}

	private record Board(Period period, LocalDate start, String type) {

		LocalDate end() {
			return switch (this.period) {
				case DAY -> this.start.plusDays(1);
				case WEEK -> this.start.plusWeeks(1);
				case MONTH -> this.start.plusMonths(1);
			};
		}

	}

}
