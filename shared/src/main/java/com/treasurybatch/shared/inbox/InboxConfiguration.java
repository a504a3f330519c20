package com.treasurybatch.shared.inbox;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The inbox beans: one envelope parser and the {@link WebhookInbox} on the application's database. */
@Configuration(proxyBeanMethods = false)
public class InboxConfiguration {

	/** The stateless, thread-safe envelope parser. */
	@Bean
	public EventEnvelopeParser eventEnvelopeParser() {
		return new EventEnvelopeParser();
	}

	/** The inbox on the application's database, timed by the application's clock. */
	@Bean
	public WebhookInbox webhookInbox(JdbcTemplate jdbcTemplate, Clock clock) {
		return new WebhookInbox(jdbcTemplate, clock);
	}

}
