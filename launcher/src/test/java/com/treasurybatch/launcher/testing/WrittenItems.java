package com.treasurybatch.launcher.testing;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.TestPostgres;

/**
 * The rows {@link TestJobs#CHUNKS} wrote, tagged with the run's {@code date} parameter.
 */
public class WrittenItems {

	private final JdbcTemplate jdbc;

	WrittenItems(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		// a table of the tests' own, made by the owner as Flyway makes every table, and granted to the application
		String application = jdbc.queryForObject("SELECT current_user", String.class);
		JdbcTemplate owner = TestPostgres.ownerJdbc(jdbc.getDataSource());
		owner.execute("CREATE TABLE IF NOT EXISTS test_written (tag text NOT NULL, item integer NOT NULL)");
		owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON test_written TO \"" + application + "\"");
	}

	/** Every item written for this date, ascending, duplicates included. */
	public List<Integer> items(String date) {
		return this.jdbc.queryForList("SELECT item FROM test_written WHERE tag = ? ORDER BY item", Integer.class, date);
	}

}
