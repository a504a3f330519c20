package com.treasurybatch.jobs.reports;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.TestPostgres;

/**
 * Makes one report file fail to be recorded, as a full disk or a lost connection would: a trigger (made by the
 * owner role) refuses to complete the {@code reports} row of that file name, so its chunk rolls back.
 */
final class ReportFileBlock {

	private final JdbcTemplate owner;

	private ReportFileBlock(JdbcTemplate owner) {
		this.owner = owner;
	}

	/** Blocks the file of that name, in every report, until {@link #lift()}. */
	static ReportFileBlock block(DataSource dataSource, String name) {
		JdbcTemplate owner = TestPostgres.ownerJdbc(dataSource);
		owner.execute("""
				CREATE FUNCTION test_block_report_file() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'report file % cannot be stored', NEW.name; END $$""");
		owner.execute("CREATE TRIGGER test_block_report_file BEFORE UPDATE ON reports FOR EACH ROW WHEN (NEW.name = '"
				+ name.replace("'", "''") + "') EXECUTE FUNCTION test_block_report_file()");
		return new ReportFileBlock(owner);
	}

	/** Lets the file be recorded again. */
	void lift() {
		this.owner.execute("DROP TRIGGER test_block_report_file ON reports");
		this.owner.execute("DROP FUNCTION test_block_report_file()");
	}

}
