package com.treasurybatch.launcher.testing;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows {@link TestJobs#CHUNKS} wrote, tagged with the run's {@code date} parameter.
 */
public class WrittenItems {

	private final JdbcTemplate jdbc;

	WrittenItems(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		jdbc.execute("CREATE TABLE IF NOT EXISTS test_written (tag text NOT NULL, item integer NOT NULL)");
	}

	/** Every item written for this date, ascending, duplicates included. */
	public List<Integer> items(String date) {
		return this.jdbc.queryForList("SELECT item FROM test_written WHERE tag = ? ORDER BY item", Integer.class, date);
	}

}
