package com.treasurybatch.launcher.wakeup;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.shared.inbox.InboxClaims;

/**
 * Wires the wake-up on server nodes (a CLI process starts nothing on its own) unless
 * {@code treasury.inbox.wake-up.enabled=false} ({@code TREASURY_INBOX_WAKE_UP_ENABLED}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "treasury.inbox.wake-up.enabled", havingValue = "true", matchIfMissing = true)
class InboxWakeUpConfiguration {

	/** Longest a notification listener waits between two liveness checks of its connection. */
	static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	InboxWakeUp inboxWakeUp(JobOperations operations, JobRepository repository, InboxClaims claims) {
		return new InboxWakeUp(operations, repository, claims);
	}

	@Bean
	InboxNotificationListener inboxNotificationListener(DataSource dataSource, InboxWakeUp wakeUp) {
		return new InboxNotificationListener(ListenerConnections.of(dataSource), wakeUp::signal, LISTEN_TIMEOUT,
				Duration.ofSeconds(1), Duration.ofSeconds(30));
	}

}
