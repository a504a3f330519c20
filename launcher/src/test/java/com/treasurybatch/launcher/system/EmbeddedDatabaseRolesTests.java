package com.treasurybatch.launcher.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.TreasuryBatchApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded default, as a new installation starts it (no {@code SPRING_DATASOURCE_URL}): Flyway migrates as the
 * embedded superuser, the application's pool connects as {@code treasury_app}, which the launcher created with a
 * password kept under {@code TREASURY_HOME}, and which may not change the ledger.
 */
class EmbeddedDatabaseRolesTests {

	@TempDir
	Path home;

	@Test
	void the_pool_connects_as_an_application_role_that_owns_nothing_and_keeps_its_password_across_restarts()
			throws Exception {
		String firstPassword;
		try (ConfigurableApplicationContext context = start()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

			assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("treasury_app");
			assertThat(jdbc.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
					Boolean.class))
				.isFalse();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_tables WHERE tableowner = current_user",
					Long.class))
				.isZero();
			assertThat(jdbc.queryForObject(
					"SELECT count(*) FROM flyway_schema_history WHERE version = '21' AND success", Long.class))
				.isEqualTo(1);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_accounts", Long.class)).isPositive();
			assertThatThrownBy(() -> jdbc.update("UPDATE ledger_accounts SET type = 'EQUITY'"))
				.isInstanceOf(DataAccessException.class)
				.rootCause()
				.hasMessageContaining("permission denied");
			assertThatThrownBy(() -> jdbc.execute("TRUNCATE batch_job_execution CASCADE"))
				.isInstanceOf(DataAccessException.class)
				.rootCause()
				.hasMessageContaining("permission denied");

			Path passwordFile = this.home.resolve(EmbeddedDatabaseConfiguration.PASSWORD_FILE);
			firstPassword = Files.readString(passwordFile).strip();
			assertThat(firstPassword).matches("[0-9a-f]{48}");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
				.isEqualTo("rw-------");
		}

		// a restart on the same home: the same role and password, the migrations already applied
		try (ConfigurableApplicationContext context = start()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("treasury_app");
			assertThat(Files.readString(this.home.resolve(EmbeddedDatabaseConfiguration.PASSWORD_FILE)).strip())
				.isEqualTo(firstPassword);
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TreasuryBatchApplication.class).web(WebApplicationType.NONE)
			.run("--treasury.home=" + this.home, "--spring.quartz.auto-startup=false",
					"--spring.quartz.scheduler-name=embedded-roles-tests", "--treasury.operations.node-kind=cli");
	}

}
