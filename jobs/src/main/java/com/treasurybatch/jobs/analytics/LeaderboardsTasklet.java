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
 * rollups (every show, city and genre combination; one statement drops them, one builds them), and forgets the
 * pairs, in one transaction under the rollup lock. A crash leaves the pairs noted: the restart recomputes them.
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
		if (!boards.isEmpty()) {
			Object[] arrays = arrays(boards);
			this.jdbc.update(RollupSql.DROP_BOARDS, arrays);
			contribution.incrementWriteCount(this.jdbc.update(RollupSql.BUILD_BOARDS, arrays));
		}
		this.jdbc.update(RollupSql.DONE_DAYS, changed.stream().map((day) -> day.day().toString()).toArray(String[]::new),
				changed.stream().map(ChangedDay::type).toArray(String[]::new));
		return (changed.size() < this.changedDaysPerChunk) ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
	}

	/** The boards as the four parallel arrays of {@link RollupSql#DROP_BOARDS}: periods, starts, ends, types. */
	private static Object[] arrays(Set<Board> boards) {
		List<Board> list = List.copyOf(boards);
		return new Object[] { list.stream().map((board) -> board.period().column()).toArray(String[]::new),
				list.stream().map((board) -> board.start().toString()).toArray(String[]::new),
				list.stream().map((board) -> board.end().toString()).toArray(String[]::new),
				list.stream().map(Board::type).toArray(String[]::new) };
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
