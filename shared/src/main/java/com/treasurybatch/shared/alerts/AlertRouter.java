package com.treasurybatch.shared.alerts;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends open alerts to the channels that route their severity, reading the {@code alerts} table as an outbox: an
 * alert raised by a transaction that rolled back was never there, and delivery runs outside the transaction that
 * raised it (from the {@code alert-delivery} job).
 *
 * <p>Invariants: an alert is sent at most once per channel by this system's record: each (alert, channel) has one
 * {@code alert_deliveries} row, locked ({@code FOR UPDATE SKIP LOCKED}) while it is sent, so two nodes never send
 * the same one, and marked delivered in the transaction that holds the lock; a delivered row is never sent again
 * (a trigger refuses to change it). Only a crash between the channel's acceptance and that commit can repeat one
 * message, once. An acknowledged or resolved alert is not sent any more. A {@link ResolvingAlertChannel} (PagerDuty)
 * is also told, once, when an alert it delivered is resolved.
 */
public class AlertRouter {

	private static final Logger log = LoggerFactory.getLogger(AlertRouter.class);

	private static final int ERROR_LENGTH_MAX = 1000;

	private final JdbcTemplate jdbc;

	private final List<AlertChannel> channels;

	private final AlertRoutingProperties properties;

	private final TransactionTemplate transaction;

	private final Clock clock;

	/**
	 * @param jdbc the application's database
	 * @param channels every channel (unconfigured ones route nothing)
	 * @param properties bounds
	 * @param transactionManager each delivery commits on its own
	 * @param clock UTC
	 */
	public AlertRouter(JdbcTemplate jdbc, List<AlertChannel> channels, AlertRoutingProperties properties,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.jdbc = jdbc;
		this.channels = List.copyOf(channels);
		this.properties = properties;
		this.transaction = new TransactionTemplate(transactionManager);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/**
	 * What one delivery run did.
	 * @param sent messages accepted by their channel
	 * @param failed attempts that failed (retried by a later run until the attempts run out)
	 */
	public record Report(int sent, int failed) {
	}

	/**
	 * Delivers what is due on every channel, oldest alerts first, up to the configured bound.
	 * @return counts
	 * @throws org.springframework.dao.DataAccessException if the database cannot be reached
	 */
	public Report deliverPending() {
		int sent = 0;
		int failed = 0;
		int budget = this.properties.deliveriesPerRunMax();
		for (AlertChannel channel : this.channels) {
			List<Severity> routed = List.of(Severity.values()).stream().filter(channel::routes).toList();
			if (routed.isEmpty() || budget == 0) {
				continue;
			}
			String severities = routed.stream().map((s) -> "'" + s.name() + "'").collect(Collectors.joining(", "));
			List<Long> due = this.jdbc.queryForList("""
					SELECT a.id FROM alerts a
					 WHERE a.acknowledged_at IS NULL AND a.resolved_at IS NULL AND a.severity IN (%s)
					   AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.channel = ?
					                     AND (d.delivered_at IS NOT NULL OR d.attempts >= ?))
					 ORDER BY a.created_at, a.id LIMIT ?""".formatted(severities), Long.class, channel.name(),
					this.properties.attemptsMax(), budget);
			for (long alertId : due) {
				Boolean outcome = this.transaction.execute((status) -> deliver(alertId, channel));
				if (outcome == null) {
					continue;
				}
				budget--;
				if (outcome) {
					sent++;
				}
				else {
					failed++;
				}
			}
		}
		for (AlertChannel channel : this.channels) {
			if (!(channel instanceof ResolvingAlertChannel resolving) || budget == 0) {
				continue;
			}
			// resolved alerts this channel was told of (whatever their severity now routes), not yet resolved there
			List<Long> due = this.jdbc.queryForList("""
					SELECT a.id FROM alerts a
					 WHERE a.resolved_at IS NOT NULL
					   AND EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.channel = ?
					                 AND d.delivered_at IS NOT NULL)
					   AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.channel = ?
					                     AND (d.delivered_at IS NOT NULL OR d.attempts >= ?))
					 ORDER BY a.resolved_at, a.id LIMIT ?""", Long.class, resolving.name(), resolving.resolveName(),
					this.properties.attemptsMax(), budget);
			for (long alertId : due) {
				Boolean outcome = this.transaction.execute((status) -> deliver(alertId, resolving.resolveName(),
						"SELECT * FROM alerts WHERE id = ? AND resolved_at IS NOT NULL", resolving::sendResolve));
				if (outcome == null) {
					continue;
				}
				budget--;
				if (outcome) {
					sent++;
				}
				else {
					failed++;
				}
			}
		}
		return new Report(sent, failed);
	}

	/** @return true if sent, false if it failed, null if another node holds it or it is done */
	private Boolean deliver(long alertId, AlertChannel channel) {
		return deliver(alertId, channel.name(),
				"SELECT * FROM alerts WHERE id = ? AND acknowledged_at IS NULL AND resolved_at IS NULL", channel::send);
	}

	/**
	 * One delivery under its row lock.
	 * @param channelName as stored in {@code alert_deliveries}
	 * @param alertQuery selects the alert by id if it is still due
	 * @param sender sends it
	 * @return true if sent, false if it failed, null if another node holds it or it is done
	 */
	private Boolean deliver(long alertId, String channelName, String alertQuery, Consumer<Alert> sender) {
		this.jdbc.update("INSERT INTO alert_deliveries (alert_id, channel) VALUES (?, ?) ON CONFLICT DO NOTHING",
				alertId, channelName);
		List<Integer> attempts = this.jdbc.queryForList("""
				SELECT attempts FROM alert_deliveries
				 WHERE alert_id = ? AND channel = ? AND delivered_at IS NULL AND attempts < ?
				   FOR UPDATE SKIP LOCKED""", Integer.class, alertId, channelName, this.properties.attemptsMax());
		List<Alert> alert = this.jdbc.query(alertQuery, Alerts::alert, alertId);
		if (attempts.isEmpty() || alert.isEmpty()) {
			return null;
		}
		try {
			sender.accept(alert.get(0));
		}
		catch (AlertDeliveryException ex) {
			log.warn("Alert {} not delivered by {}: {}", alertId, channelName, ex.getMessage());
			String error = (ex.getMessage().length() > ERROR_LENGTH_MAX) ? ex.getMessage().substring(0, ERROR_LENGTH_MAX)
					: ex.getMessage();
			this.jdbc.update(
					"UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ? WHERE alert_id = ? AND channel = ?",
					error, alertId, channelName);
			return false;
		}
		int updated = this.jdbc.update("""
				UPDATE alert_deliveries SET attempts = attempts + 1, delivered_at = ?, last_error = NULL
				 WHERE alert_id = ? AND channel = ? AND delivered_at IS NULL""", Timestamp.from(this.clock.instant()),
				alertId, channelName);
		if (updated != 1) {
			throw new IllegalStateException("Delivery of alert " + alertId + " by " + channelName + " marked "
					+ updated + " rows under its own lock");
		}
		return true;
	}

}
