package com.treasurybatch.launcher.system;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Embedded default: with no {@code spring.datasource.url} ({@code SPRING_DATASOURCE_URL}), the application runs
 * on the installation's embedded PostgreSQL ({@link EmbeddedPostgresServer}). The server bean outlives the
 * connection pool, so the pool closes before this process gives the server up.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
class EmbeddedDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(TreasuryHome home, Environment environment) {
		int port = environment.getProperty("treasury.embedded-db.port", Integer.class, 0);
		EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(home, port);
		System.err.printf("Embedded PostgreSQL %s on localhost:%d, data in %s%n",
				server.startedHere() ? "started" : "shared", server.port(), home.resolve("pgdata"));
		return server;
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgresServer server) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(server.jdbcUrl())
			.username(EmbeddedPostgresServer.USER)
			.build();
	}

	static class NoDataSourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url");
			return url == null || url.isBlank();
		}

	}

}
