package com.treasurybatch.launcher.system;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import com.treasurybatch.shared.secrets.SecretFile;

/**
 * Embedded default: with no {@code spring.datasource.url} ({@code SPRING_DATASOURCE_URL}), the application runs
 * on the installation's embedded PostgreSQL ({@link EmbeddedPostgresServer}). The server bean outlives the
 * connection pool, so the pool closes before this process gives the server up.
 *
 * <p>As on an external PostgreSQL, two roles: Flyway migrates as the server's superuser, which owns every table;
 * the pool connects as the application role ({@code spring.flyway.placeholders.application-role}, by default
 * {@code spring.datasource.username} or {@code treasury_app}), created here, whose password is
 * {@code spring.datasource.password} or else one generated once and kept in {@code TREASURY_HOME/}{@value #PASSWORD_FILE}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
class EmbeddedDatabaseConfiguration {

	/** The property naming the application role (application.yml: {@code spring.datasource.username} or a default). */
	static final String APPLICATION_ROLE_PROPERTY = "spring.flyway.placeholders.application-role";

	/** The application role's generated password, under {@code TREASURY_HOME}. */
	static final String PASSWORD_FILE = "postgres-application-password";

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(TreasuryHome home, Environment environment) {
		int port = environment.getProperty("treasury.embedded-db.port", Integer.class, 0);
		EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(home, port);
		System.err.printf("Embedded PostgreSQL %s on localhost:%d, data in %s%n",
				server.startedHere() ? "started" : "shared", server.port(), home.resolve("pgdata"));
		return server;
	}

	@Bean
	@Primary
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgresServer server, TreasuryHome home, Environment environment) {
		String role = environment.getRequiredProperty(APPLICATION_ROLE_PROPERTY);
		String password = environment.getProperty("spring.datasource.password", "");
		if (password.isBlank()) {
			password = SecretFile.readOrCreate(home.resolve(PASSWORD_FILE), () -> SecretFile.randomHex(24));
		}
		server.ensureApplicationRole(role, password);
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(server.applicationJdbcUrl())
			.username(role)
			.password(password)
			.build();
	}

	/** Flyway's own connection, as the owner of every table (the server's superuser); not pooled. */
	@Bean
	@FlywayDataSource
	DataSource flywayDataSource(EmbeddedPostgresServer server) {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), server.jdbcUrl());
	}

	static class NoDataSourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url");
			return url == null || url.isBlank();
		}

	}

}
