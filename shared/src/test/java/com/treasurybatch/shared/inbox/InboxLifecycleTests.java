package com.treasurybatch.shared.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A staged row's life in {@code webhook_inbox}: claimed when due, moved to its final status, replayed by an
 * operator. Fixtures are Stripe's own events (shared test resources, stripe/events); by {@code created}:
 * payout.paid (1529323373) < payout.failed (1530014600) < account.updated (1621683300) < charge.refunded
 * (1762903161).
 */
@SpringBootTest(classes = InboxLifecycleTests.Application.class)
@PostgresTest
class InboxLifecycleTests {

	static final Instant NOW = Instant.parse("2026-11-21T09:00:00Z");

	@Autowired
	WebhookInbox inbox;

	@Autowired
	InboxClaims claims;

	@Autowired
	InboxStatusUpdates statusUpdates;

	@Autowired
	EventEnvelopeParser parser;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void stageFourEvents() {
		this.jdbc.update("DELETE FROM webhook_inbox");
		for (String fixture : List.of("charge.refunded", "account.updated", "payout.failed", "payout.paid")) {
			this.inbox.stage(this.parser.parse(StripeFixtures.bytes(fixture)), StripeFixtures.text(fixture),
					InboxSource.WEBHOOK);
		}
	}

	@Test
	void due_rows_are_claimed_in_stripe_created_order_after_the_cursor_and_up_to_the_highest_id() {
		long highest = this.claims.highestId();
		List<ClaimedInboxRow> first = this.claims.claimDue(NOW, Instant.EPOCH, 0, highest, 2);
		assertThat(first).extracting(ClaimedInboxRow::type).containsExactly("payout.paid", "payout.failed");
		assertThat(first.get(0).attempts()).isZero();
		assertThat(first.get(0).payload()).contains(first.get(0).eventId());

		ClaimedInboxRow last = first.get(1);
		assertThat(this.claims.claimDue(NOW, last.created(), last.id(), highest, 10)).extracting(ClaimedInboxRow::type)
			.containsExactly("account.updated", "charge.refunded");

		this.inbox.stage(this.parser.parse(StripeFixtures.bytes("transfer.created")),
				StripeFixtures.text("transfer.created"), InboxSource.BACKFILL);
		assertThat(this.claims.claimDue(NOW, Instant.EPOCH, 0, highest, 10)).hasSize(4);
		assertThat(this.claims.highestId()).isGreaterThan(highest);
	}

	@Test
	void processed_rows_are_no_longer_due_and_failed_ones_are_due_again_at_their_next_attempt() {
		List<ClaimedInboxRow> rows = this.claims.claimDue(NOW, Instant.EPOCH, 0, this.claims.highestId(), 10);
		this.statusUpdates.markDone(List.of(rows.get(0).id()), InboxStatus.PROCESSED, NOW);
		this.statusUpdates.markDone(List.of(rows.get(1).id()), InboxStatus.IGNORED, NOW);
		this.statusUpdates.markFailed(rows.get(2).id(), 1, "payee unknown", NOW.plus(Duration.ofMinutes(1)));

		assertThat(this.claims.claimDue(NOW, Instant.EPOCH, 0, this.claims.highestId(), 10))
			.extracting(ClaimedInboxRow::type)
			.containsExactly("charge.refunded");
		List<ClaimedInboxRow> later = this.claims.claimDue(NOW.plus(Duration.ofMinutes(1)), Instant.EPOCH, 0,
				this.claims.highestId(), 10);
		assertThat(later).extracting(ClaimedInboxRow::type).containsExactly("account.updated", "charge.refunded");
		assertThat(later.get(0).attempts()).isEqualTo(1);
		assertThat(this.inbox.statistics().countsByStatus()).containsExactly(Map.entry("FAILED", 1L),
				Map.entry("IGNORED", 1L), Map.entry("PROCESSED", 1L), Map.entry("RECEIVED", 1L));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.statusUpdates.markDone(List.of(rows.get(3).id()), InboxStatus.RECEIVED, NOW));
	}

	@Test
	void a_replayed_event_says_what_it_was_and_is_due_again() {
		ClaimedInboxRow paid = this.claims.claimDue(NOW, Instant.EPOCH, 0, this.claims.highestId(), 1).get(0);
		this.statusUpdates.markDone(List.of(paid.id()), InboxStatus.PROCESSED, NOW);

		assertThat(this.inbox.replay(paid.eventId())).contains(InboxStatus.PROCESSED);
		assertThat(this.claims.claimDue(NOW, Instant.EPOCH, 0, this.claims.highestId(), 1))
			.extracting(ClaimedInboxRow::eventId)
			.containsExactly(paid.eventId());
		assertThat(this.inbox.replay("evt_notStaged")).isEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ InboxConfiguration.class, InboxClaims.class, InboxStatusUpdates.class })
	static class Application {

		@Bean
		java.time.Clock clock() {
			return java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC);
		}

	}

}
