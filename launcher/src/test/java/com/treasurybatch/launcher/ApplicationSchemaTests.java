package com.treasurybatch.launcher;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@PostgresTest
class ApplicationSchemaTests {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void flywayCreatesTheFrameworksTables() {
		List<String> tables = this.jdbc.queryForList(
				"select lower(table_name) from information_schema.tables where table_schema = 'public'", String.class);
		assertThat(tables).contains("batch_job_instance", "batch_job_execution", "batch_step_execution",
				"qrtz_triggers", "qrtz_cron_triggers", "qrtz_locks", "flyway_schema_history");
	}

}
