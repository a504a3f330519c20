package com.treasurybatch.launcher.webhooks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.inbox.EventEnvelope;
import com.treasurybatch.shared.inbox.EventEnvelopeParser;
import com.treasurybatch.shared.inbox.InboxEvent;
import com.treasurybatch.shared.inbox.InboxSource;
import com.treasurybatch.shared.inbox.StageOutcome;
import com.treasurybatch.shared.inbox.WebhookInbox;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link GroupCommitStager} on the real inbox, with one writer held at a gate so that the test decides what the
 * next batch holds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.stripe.secret=" + StripeWebhookControllerTests.CURRENT_SECRET + ", "
				+ StripeWebhookControllerTests.PREVIOUS_SECRET, "spring.quartz.scheduler-name=webhook-controller-tests" })
@PostgresTest
class StripeWebhookGroupCommitTests {

	@Autowired
	JdbcTemplate jdbc;

	final EventEnvelopeParser parser = new EventEnvelopeParser();

	final ExecutorService senders = Executors.newFixedThreadPool(16);

	final CountDownLatch firstBatchEntered = new CountDownLatch(1);

	final CountDownLatch releaseFirstBatch = new CountDownLatch(1);

	final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

	GroupCommitStager stager;

	@BeforeEach
	void gatedStager() {
		this.jdbc.update("DELETE FROM webhook_inbox");
		WebhookInbox gated = new WebhookInbox(this.jdbc, Clock.systemUTC()) {

			@Override
			public List<StageOutcome> stageAll(List<InboxEvent> events, InboxSource source) {
				StripeWebhookGroupCommitTests.this.batchSizes.add(events.size());
				if (StripeWebhookGroupCommitTests.this.firstBatchEntered.getCount() > 0) {
					StripeWebhookGroupCommitTests.this.firstBatchEntered.countDown();
					await(StripeWebhookGroupCommitTests.this.releaseFirstBatch);
				}
				return super.stageAll(events, source);
			}

		};
		this.stager = new GroupCommitStager(gated, 64, 8, 1, 10,
				DistributionSummary.builder("batch").register(new SimpleMeterRegistry()));
		this.stager.start();
	}

	@AfterEach
	void stop() {
		this.releaseFirstBatch.countDown();
		this.stager.stop();
		this.senders.shutdownNow();
	}

	@Test
	void deliveries_queued_meanwhile_are_written_in_one_batch_and_each_gets_its_own_outcome() throws Exception {
		Future<StageOutcome> first = send(fixture("payout.created"));
		this.firstBatchEntered.await(10, TimeUnit.SECONDS);
		List<Future<StageOutcome>> queued = new ArrayList<>();
		for (String name : List.of("payout.paid", "payout.failed", "transfer.created", "payout.paid")) {
			queued.add(send(fixture(name)));
		}
		awaitQueued(4);

		this.releaseFirstBatch.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(StageOutcome.NEW);
		List<StageOutcome> outcomes = new ArrayList<>();
		for (Future<StageOutcome> future : queued) {
			outcomes.add(future.get(10, TimeUnit.SECONDS));
		}
		assertThat(outcomes).containsExactlyInAnyOrder(StageOutcome.NEW, StageOutcome.NEW, StageOutcome.NEW,
				StageOutcome.DUPLICATE);
		assertThat(this.batchSizes).containsExactly(1, 4);
		assertThat(rows()).isEqualTo(4);
	}

	@Test
	void an_event_the_database_refuses_fails_alone_and_its_batch_mates_are_stored() throws Exception {
		Future<StageOutcome> first = send(fixture("payout.created"));
		this.firstBatchEntered.await(10, TimeUnit.SECONDS);
		EventEnvelope envelope = this.parser.parse(StripeFixtures.bytes("charge.refunded"));
		Future<StageOutcome> poison = send(new InboxEvent(envelope, "{ this is not json"));
		Future<StageOutcome> good = send(fixture("transfer.reversed"));
		awaitQueued(2);

		this.releaseFirstBatch.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(StageOutcome.NEW);
		assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo(StageOutcome.NEW);
		assertThat(poison).failsWithin(10, TimeUnit.SECONDS)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(InboxUnavailableException.class);
		assertThat(this.batchSizes).containsExactly(1, 2, 1, 1);
		assertThat(rows()).isEqualTo(2);
	}

	@Test
	void a_full_queue_refuses_at_once() throws Exception {
		send(fixture("payout.created"));
		this.firstBatchEntered.await(10, TimeUnit.SECONDS);
		for (int i = 0; i < 8; i++) {
			send(numbered(i));
		}
		awaitQueued(8);

		assertThatExceptionOfType(InboxUnavailableException.class)
			.isThrownBy(() -> this.stager.stage(numbered(99).envelope(), numbered(99).payload()))
			.withMessageContaining("queue is full");
	}

	@Test
	void stopping_answers_every_waiting_delivery() throws Exception {
		Future<StageOutcome> first = send(fixture("payout.created"));
		this.firstBatchEntered.await(10, TimeUnit.SECONDS);
		Future<StageOutcome> queued = send(fixture("payout.paid"));
		awaitQueued(1);
		this.releaseFirstBatch.countDown();

		this.stager.stop();

		assertThat(first).succeedsWithin(10, TimeUnit.SECONDS);
		assertThat(queued).succeedsWithin(10, TimeUnit.SECONDS);
		assertThatExceptionOfType(InboxUnavailableException.class)
			.isThrownBy(() -> this.stager.stage(numbered(1).envelope(), numbered(1).payload()));
	}

	private Future<StageOutcome> send(InboxEvent event) {
		return this.senders.submit(() -> this.stager.stage(event.envelope(), event.payload()));
	}

	private InboxEvent fixture(String name) {
		return new InboxEvent(this.parser.parse(StripeFixtures.bytes(name)), StripeFixtures.text(name));
	}

	private InboxEvent numbered(int i) {
		String payload = StripeFixtures.text("payout.paid").replace("evt_1TBBCO8O7EYJJ24RTDuD3vh9", "evt_1TBQueued" + i);
		return new InboxEvent(this.parser.parse(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)), payload);
	}

	/** Waits until the stager holds {@code count} events (it only ever fills while the writer is gated). */
	private void awaitQueued(int count) throws Exception {
		CompletableFuture<Void> filled = CompletableFuture.runAsync(() -> {
			while (this.stager.queuedEvents() < count) {
				Thread.onSpinWait();
			}
		});
		filled.get(10, TimeUnit.SECONDS);
	}

	private int rows() {
		return this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox", Integer.class);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
