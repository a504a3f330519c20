package com.treasurybatch.shared.alerts;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.audit.AuditLog;

/** The alert channels (email, Slack), the router that delivers through them, and acknowledgements. */
@Configuration(proxyBeanMethods = false)
public class AlertRoutingConfiguration {

	/** Email to the ops list, when {@code treasury.alerts.email-to} and a mail sender are set. */
	@Bean
	public EmailAlertChannel emailAlertChannel(ObjectProvider<JavaMailSender> mail, AlertRoutingProperties properties) {
		return new EmailAlertChannel(mail, properties);
	}

	/** A Slack incoming webhook, when {@code treasury.alerts.slack-webhook-url} is set. */
	@Bean
	public SlackAlertChannel slackAlertChannel(AlertRoutingProperties properties) {
		return new SlackAlertChannel(properties);
	}

	/** Delivers open alerts on every channel. */
	@Bean
	public AlertRouter alertRouter(JdbcTemplate jdbc, List<AlertChannel> channels, AlertRoutingProperties properties,
			PlatformTransactionManager transactionManager, Clock clock) {
		return new AlertRouter(jdbc, channels, properties, transactionManager, clock);
	}

	/** Audited acknowledgements. */
	@Bean
	public AlertAcknowledgements alertAcknowledgements(Alerts alerts, AuditLog audit,
			PlatformTransactionManager transactionManager) {
		return new AlertAcknowledgements(alerts, audit, transactionManager);
	}

}
