package com.treasurybatch.shared.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(classes = WebhookInboxTests.Application.class)
@PostgresTest
class WebhookInboxTests {

	static final Instant NOW = Instant.parse("2026-11-21T09:00:00Z");

	@Autowired
	WebhookInbox inbox;

	@Autowired
	EventEnvelopeParser parser;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@BeforeEach
	void emptyInbox() {
		this.jdbc.update("DELETE FROM webhook_inbox");
		this.clock.set(NOW);
	}

	@Test
	void staging_an_event_stores_its_envelope_and_payload_once() {
		String payload = StripeFixtures.text("payout.failed");
		EventEnvelope envelope = this.parser.parse(StripeFixtures.bytes("payout.failed"));

		assertThat(this.inbox.stage(envelope, payload, InboxSource.WEBHOOK)).isEqualTo(StageOutcome.NEW);
		assertThat(this.inbox.stage(envelope, payload, InboxSource.BACKFILL)).isEqualTo(StageOutcome.DUPLICATE);

		Map<String, Object> row = this.jdbc.queryForMap("SELECT event_id, type, api_version, account, livemode, "
				+ "created, received_at, source, status, attempts, payload = CAST(? AS jsonb) AS same_payload "
				+ "FROM webhook_inbox", payload);
		assertThat(row).containsEntry("event_id", "evt_1TBCq83JLWtoilcmz3sS8CIy")
			.containsEntry("type", "payout.failed")
			.containsEntry("api_version", "2018-02-28")
			.containsEntry("account", "acct_1TBXrSJDfzhzNbBh")
			.containsEntry("livemode", true)
			.containsEntry("source", "WEBHOOK")
			.containsEntry("status", "RECEIVED")
			.containsEntry("attempts", 0)
			.containsEntry("same_payload", true);
		assertThat(((java.sql.Timestamp) row.get("created")).toInstant()).isEqualTo(Instant.ofEpochSecond(1530014600L));
		assertThat(((java.sql.Timestamp) row.get("received_at")).toInstant()).isEqualTo(NOW);
	}

	@Test
	void staging_a_list_writes_each_new_id_once_and_reports_outcomes_in_order() {
		InboxEvent paid = event("payout.paid");
		InboxEvent failed = event("payout.failed");
		InboxEvent created = event("payout.created");
		this.inbox.stage(failed.envelope(), failed.payload(), InboxSource.BACKFILL);

		List<StageOutcome> outcomes = this.inbox.stageAll(List.of(paid, failed, created, paid), InboxSource.WEBHOOK);

		assertThat(outcomes).containsExactly(StageOutcome.NEW, StageOutcome.DUPLICATE, StageOutcome.NEW,
				StageOutcome.DUPLICATE);
		assertThat(this.jdbc.queryForList("SELECT type || ' ' || source FROM webhook_inbox ORDER BY type",
				String.class)).containsExactly("payout.created WEBHOOK", "payout.failed BACKFILL", "payout.paid WEBHOOK");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox WHERE payload = CAST(? AS jsonb)",
				Integer.class, paid.payload())).isEqualTo(1);
	}

	@Test
	void staging_a_long_list_is_split_into_statements_of_at_most_the_row_limit() {
		String template = StripeFixtures.text("transfer.created");
		String templateId = this.parser.parse(StripeFixtures.bytes("transfer.created")).eventId();
		List<InboxEvent> events = new java.util.ArrayList<>();
		for (int i = 0; i < WebhookInbox.STAGE_ALL_ROWS_MAX * 2 + 5; i++) {
			String payload = template.replace(templateId, "evt_1TBListSplit" + i);
			events.add(new InboxEvent(this.parser.parse(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
					payload));
		}

		assertThat(this.inbox.stageAll(events, InboxSource.BACKFILL)).hasSize(events.size())
			.containsOnly(StageOutcome.NEW);
		assertThat(this.inbox.stageAll(events.subList(0, 3), InboxSource.BACKFILL)).containsOnly(StageOutcome.DUPLICATE);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox", Integer.class))
			.isEqualTo(events.size());
	}

	@Test
	void statistics_count_per_status_and_type_and_age_the_oldest_received_row() {
		for (String name : StripeFixtures.ALL) {
			this.inbox.stage(this.parser.parse(StripeFixtures.bytes(name)), StripeFixtures.text(name),
					InboxSource.WEBHOOK);
			this.clock.set(this.clock.instant().plusSeconds(60));
		}
		this.jdbc.update("UPDATE webhook_inbox SET status = 'PROCESSED' WHERE type LIKE 'payout.%'");

		InboxStatistics statistics = this.inbox.statistics();

		assertThat(statistics.measuredAt()).isEqualTo(NOW.plusSeconds(60L * StripeFixtures.ALL.size()));
		assertThat(statistics.countsByStatus()).containsExactly(Map.entry("PROCESSED", 3L), Map.entry("RECEIVED", 6L));
		assertThat(statistics.countsByType()).hasSize(StripeFixtures.ALL.size())
			.containsEntry("checkout.session.completed", 1L)
			.containsEntry("payout.paid", 1L);
		assertThat(statistics.countsByType().keySet()).containsExactlyElementsOf(StripeFixtures.ALL);
		assertThat(statistics.backlog())
			.isEqualTo(new InboxBacklog(6, Duration.ofSeconds(60L * StripeFixtures.ALL.size())));
	}

	@Test
	void empty_inbox_has_no_backlog() {
		assertThat(this.inbox.backlog()).isEqualTo(new InboxBacklog(0, Duration.ZERO));
		assertThat(this.inbox.statistics().countsByStatus()).isEmpty();
	}

	@Test
	void postgresql_refuses_the_escapes_the_parser_refuses() {
		for (String json : new String[] { "\"a\\u0000b\"", "\"\\ud83d x\"", "\"\\ude00\"" }) {
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> this.jdbc.queryForObject("SELECT CAST(? AS jsonb)::text", String.class, json));
		}
		assertThat(this.jdbc.queryForObject("SELECT CAST(? AS jsonb)::text", String.class, "\"\\ud83d\\ude00\""))
			.isEqualTo("\"\uD83D\uDE00\"");
	}

	private InboxEvent event(String fixture) {
		return new InboxEvent(this.parser.parse(StripeFixtures.bytes(fixture)), StripeFixtures.text(fixture));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(InboxConfiguration.class)
	static class Application {

		@Bean
		MutableClock clock() {
			return new MutableClock(NOW);
		}

	}

	/** A clock that tests set. */
	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void set(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
