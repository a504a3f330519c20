package com.treasurybatch.launcher;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

	@Test
	void theApplicationRoleWorksTheFrameworksTablesButOwnsNoneAndCannotTruncateOrAlterThem() {
		assertThat(this.jdbc.queryForObject("select current_user", String.class)).isEqualTo(TestPostgres.APPLICATION_ROLE);
		assertThat(this.jdbc.queryForList("select tablename from pg_tables where tableowner = current_user", String.class))
			.isEmpty();
		// Quartz and Spring Batch need full DML on their tables: the application role has it
		assertThat(this.jdbc.queryForList("""
				select table_name || ' ' || string_agg(privilege_type, ',' order by privilege_type)
				from information_schema.role_table_grants
				where grantee = current_user and table_name in ('qrtz_locks', 'batch_job_execution', 'journals', 'audit_log')
				group by table_name order by table_name""", String.class))
			.containsExactly("audit_log INSERT,SELECT", "batch_job_execution DELETE,INSERT,SELECT,UPDATE",
					"journals INSERT,SELECT", "qrtz_locks DELETE,INSERT,SELECT,UPDATE");
		for (String statement : List.of("TRUNCATE qrtz_locks", "TRUNCATE batch_job_execution CASCADE",
				"ALTER TABLE qrtz_locks ADD COLUMN sneaked_in text", "DROP TABLE batch_job_execution CASCADE")) {
			assertThatThrownBy(() -> this.jdbc.execute(statement)).as(statement)
				.isInstanceOf(DataAccessException.class)
				.rootCause()
				.hasMessageMatching("(?s).*(must be owner of|permission denied).*");
		}
	}

}
