package com.treasurybatch.shared.analytics;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The analytics beans on the application's database: the raw event store and the read service. */
@Configuration(proxyBeanMethods = false)
public class AnalyticsConfiguration {

	/** Passport events as received. */
	@Bean
	public AnalyticsEvents analyticsEvents(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager,
			Clock clock) {
		return new AnalyticsEvents(jdbcTemplate, new TransactionTemplate(transactionManager), clock);
	}

	/** Rollups, leaderboards and show financials, read-only. */
	@Bean
	public AnalyticsReads analyticsReads(JdbcTemplate jdbcTemplate) {
		return new AnalyticsReads(jdbcTemplate);
	}

	/** The one definition of a show's financials from the ledger. */
	@Bean
	public ShowLedger showLedger(JdbcTemplate jdbcTemplate) {
		return new ShowLedger(jdbcTemplate);
	}

}
