package com.treasurybatch.shared.analytics;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.ledger.LedgerTestConfiguration;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The raw Passport event store: unique by event id, flags, and the barrier that keeps the watermark exact. */
@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class AnalyticsEventsTests {

	@Autowired
	AnalyticsEvents events;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void an_event_id_is_stored_once_whoever_sends_it_again_and_unknown_events_are_flagged() {
		assertThat(this.events.stageAll(List.of(event("ae-1", "play", "1"), event("ae-2", "teleport", "1"),
				event("ae-3", "vote", "7"), event("ae-1", "play", "1"))))
			.containsExactly(StagedOutcome.STORED, StagedOutcome.STORED, StagedOutcome.STORED, StagedOutcome.DUPLICATE);
		assertThat(this.events.stageAll(List.of(event("ae-1", "play", "1")))).containsExactly(StagedOutcome.DUPLICATE);

		assertThat(this.jdbc.queryForList("SELECT concat_ws(' ', event_id, coalesce(flag, '-'), metadata->>'k') "
				+ "FROM analytics_events WHERE event_id LIKE 'ae-%' ORDER BY seq", String.class))
			.containsExactly("ae-1 - v", "ae-2 unknown_type v", "ae-3 unknown_schema_version v");
	}

	@Test
	void the_high_water_mark_waits_for_a_staging_still_in_flight_so_no_row_below_it_commits_later() throws Exception {
		CountDownLatch inserted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> slowStaging = CompletableFuture.runAsync(() -> this.transaction.executeWithoutResult((status) -> {
			this.jdbc.queryForObject("SELECT pg_advisory_xact_lock_shared(?)::text", String.class,
					AnalyticsEvents.INGEST_LOCK);
			this.jdbc.update("INSERT INTO analytics_events (event_id, type, occurred_at, value, schema_version, received_at)"
					+ " VALUES ('hw-slow', 'play', now(), 1, '1', now())");
			inserted.countDown();
			await(release);
		}));
		assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();
		this.events.stageAll(List.of(event("hw-fast", "play", "1")));

		CompletableFuture<Long> highWater = CompletableFuture.supplyAsync(this.events::committedHighWater);
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> highWater.get(500, TimeUnit.MILLISECONDS));
		release.countDown();
		slowStaging.get(10, TimeUnit.SECONDS);

		long slowSeq = this.jdbc.queryForObject("SELECT seq FROM analytics_events WHERE event_id = 'hw-slow'", Long.class);
		assertThat(highWater.get(10, TimeUnit.SECONDS)).as("the mark covers the row that was in flight")
			.isGreaterThanOrEqualTo(slowSeq);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static PassportEvent event(String id, String type, String schemaVersion) {
		return new PassportEvent(id, type, Instant.parse("2026-11-20T10:00:00Z"), "user-1", "artist-1", "show-1",
				"Lisbon", "jazz", 1, "{\"k\":\"v\"}", schemaVersion, null);
	}

}
