package com.treasurybatch.shared.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.treasurybatch.simulator.SimulatedAccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The gateway over stripe-java against the simulator, over real HTTP: shapes, idempotency, errors, lists. */
class StripeGatewayTests {

	private final SimulatedStripe stripe = new SimulatedStripe();

	private final Instant since = Instant.now().minus(Duration.ofMinutes(1));

	@AfterEach
	void close() {
		this.stripe.close();
	}

	@Test
	void transfer_is_created_and_shows_up_in_balance_transactions_and_events() {
		StripeTransfer transfer = this.stripe.gateway.createTransfer(transfer(1250),
				IdempotencyKey.of("transfer", SimulatedStripe.PAYEE, "2026-11-20", "nightly"));

		assertThat(transfer.id()).startsWith("tr_");
		assertThat(transfer.amount()).isEqualTo(1250);
		assertThat(transfer.currency()).isEqualTo("usd");
		assertThat(transfer.destination()).isEqualTo(SimulatedStripe.PAYEE);
		assertThat(transfer.transferGroup()).isEqualTo("payouts-2026-11-20");
		assertThat(transfer.metadata()).containsEntry("payout_id", "42");
		assertThat(transfer.balanceTransactionId()).startsWith("txn_");
		assertThat(this.stripe.gateway.retrieveBalance().available("usd")).isEqualTo(1_000_000 - 1250);
		List<StripeBalanceTransaction> txns = this.stripe.gateway
			.balanceTransactions(BalanceTransactionQuery.platform(this.since, Instant.now().plusSeconds(60)))
			.toList();
		assertThat(txns).singleElement().satisfies((txn) -> {
			assertThat(txn.id()).isEqualTo(transfer.balanceTransactionId());
			assertThat(txn.type()).isEqualTo("transfer");
			assertThat(txn.amount()).isEqualTo(-1250);
			assertThat(txn.sourceId()).isEqualTo(transfer.id());
		});
		EventList events = this.stripe.gateway.events(EventQuery.since(this.since, List.of("transfer.created")));
		assertThat(events.complete()).isTrue();
		assertThat(events.events()).singleElement().satisfies((event) -> {
			assertThat(event.id()).startsWith("evt_");
			assertThat(event.json()).contains("\"id\":\"" + transfer.id() + "\"").contains("\"object\":\"event\"");
		});
	}

	@Test
	void payout_on_a_connected_account_uses_its_balance_and_shows_up_in_its_transactions() {
		this.stripe.gateway.createTransfer(transfer(5000), IdempotencyKey.of("transfer", "payee-1", "2026-11-20"));

		StripePayout payout = this.stripe.gateway.createPayout(
				new PayoutRequest(SimulatedStripe.PAYEE, 3000, "usd", PayoutMethod.INSTANT, Map.of(), null),
				IdempotencyKey.of("payout", SimulatedStripe.PAYEE, "2026-11-20", "instant"));

		assertThat(payout.id()).startsWith("po_");
		assertThat(payout.method()).isEqualTo(PayoutMethod.INSTANT);
		assertThat(payout.status()).isEqualTo("pending");
		assertThat(this.stripe.simulator.accountAvailable(SimulatedStripe.PAYEE, "usd")).isEqualTo(2000);
		assertThat(this.stripe.gateway
			.balanceTransactions(BalanceTransactionQuery.platform(this.since, Instant.now().plusSeconds(60))
				.onAccount(SimulatedStripe.PAYEE)
				.withType("payout"))
			.toList()).singleElement().satisfies((txn) -> assertThat(txn.sourceId()).isEqualTo(payout.id()));
		assertThat(this.stripe.gateway.events(EventQuery.since(this.since, List.of("payout.created"))
			.onAccount(SimulatedStripe.PAYEE)).events()).singleElement()
			.satisfies((event) -> assertThat(event.account()).isEqualTo(SimulatedStripe.PAYEE));
	}

	@Test
	void same_key_twice_makes_one_transfer_and_the_second_answer_is_a_replay() {
		IdempotencyKey key = IdempotencyKey.of("transfer", SimulatedStripe.PAYEE, "2026-11-20", "nightly");

		StripeTransfer first = this.stripe.gateway.createTransfer(transfer(700), key);
		StripeTransfer second = this.stripe.gateway.createTransfer(transfer(700), key);

		assertThat(second).isEqualTo(first);
		assertThat(this.stripe.simulator.transfersTo(SimulatedStripe.PAYEE)).isEqualTo(1);
		assertThat(this.stripe.simulator.requestsWithIdempotencyKey(key.value())).isEqualTo(2);
		assertThat(this.stripe.simulator.replays()).isEqualTo(1);
		assertThat(this.stripe.calls("transfers.create", "replayed")).isEqualTo(1);
	}

	@Test
	void same_key_with_other_parameters_is_a_non_retryable_idempotency_error() {
		IdempotencyKey key = IdempotencyKey.of("transfer", SimulatedStripe.PAYEE, "2026-11-20", "nightly");
		this.stripe.gateway.createTransfer(transfer(700), key);

		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> this.stripe.gateway.createTransfer(transfer(701), key))
			.satisfies((ex) -> {
				assertThat(ex.retryable()).isFalse();
				assertThat(ex.httpStatus()).isEqualTo(400);
				assertThat(ex.failure().type()).isEqualTo("idempotency_error");
				assertThat(ex.failure().requestId()).startsWith("req_");
				assertThat(ex.attempts()).isEqualTo(1);
			});
		assertThat(this.stripe.simulator.transferCount()).isEqualTo(1);
		assertThat(this.stripe.calls("transfers.create", "idempotency_error")).isEqualTo(1);
	}

	@Test
	void insufficient_platform_balance_is_a_non_retryable_error_with_stripes_code() {
		assertThatExceptionOfType(StripeRejectedException.class)
			.isThrownBy(() -> this.stripe.gateway.createTransfer(transfer(2_000_000),
					IdempotencyKey.of("transfer", SimulatedStripe.PAYEE, "2026-11-20", "nightly")))
			.satisfies((ex) -> {
				assertThat(ex.retryable()).isFalse();
				assertThat(ex.code()).isEqualTo("balance_insufficient");
				assertThat(ex.failure().type()).isEqualTo("invalid_request_error");
				assertThat(ex.httpStatus()).isEqualTo(400);
				assertThat(ex.attempts()).isEqualTo(1);
			});
		assertThat(this.stripe.simulator.transferCount()).isZero();
	}

	@Test
	void payout_on_an_account_without_payouts_enabled_is_refused_with_stripes_code() {
		String restricted = "acct_1SimRestricted";
		this.stripe.simulator.seedAccount(
				SimulatedAccount.active(restricted, SimulatedStripe.ACCOUNT_CREATED).restricted(List.of("external_account")));

		assertThatExceptionOfType(StripeRejectedException.class)
			.isThrownBy(() -> this.stripe.gateway.createPayout(
					new PayoutRequest(restricted, 100, "usd", PayoutMethod.STANDARD, Map.of(), null),
					IdempotencyKey.of("payout", restricted, "2026-11-20", "nightly")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("payouts_not_allowed"));
	}

	@Test
	void account_retrieval_reads_payouts_enabled_requirements_and_creation_time() {
		String restricted = "acct_1SimRestricted";
		this.stripe.simulator.seedAccount(SimulatedAccount.active(restricted, SimulatedStripe.ACCOUNT_CREATED)
			.restricted(List.of("external_account", "tos_acceptance.date")));

		StripeAccount ready = this.stripe.gateway.retrieveAccount(SimulatedStripe.PAYEE);
		StripeAccount held = this.stripe.gateway.retrieveAccount(restricted);

		assertThat(ready.payoutsEnabled()).isTrue();
		assertThat(ready.chargesEnabled()).isTrue();
		assertThat(ready.requirementsCurrentlyDue()).isEmpty();
		assertThat(ready.created()).isEqualTo(SimulatedStripe.ACCOUNT_CREATED);
		assertThat(held.payoutsEnabled()).isFalse();
		assertThat(held.requirementsCurrentlyDue()).containsExactly("external_account", "tos_acceptance.date");
		assertThat(held.disabledReason()).isEqualTo("requirements.past_due");
		assertThatExceptionOfType(StripeRejectedException.class)
			.isThrownBy(() -> this.stripe.gateway.retrieveAccount("acct_1SimNobody"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("resource_missing"));
	}

	@Test
	void pagination_returns_every_item_once_and_events_in_created_order() {
		int transfers = 7;
		for (int i = 0; i < transfers; i++) {
			this.stripe.gateway.createTransfer(transfer(100 + i), IdempotencyKey.of("transfer", "payee-" + i, "2026-11-20"));
		}

		List<StripeBalanceTransaction> txns = this.stripe.gateway
			.balanceTransactions(BalanceTransactionQuery.platform(this.since, Instant.now().plusSeconds(60))
				.withPageSize(3))
			.toList();
		EventList events = this.stripe.gateway.events(
				EventQuery.since(this.since, List.of("transfer.created")).withLimits(2, 100));
		EventList oldestThree = this.stripe.gateway.events(
				EventQuery.since(this.since, List.of("transfer.created")).withLimits(2, 3));

		assertThat(txns).hasSize(transfers).extracting(StripeBalanceTransaction::id).doesNotHaveDuplicates();
		assertThat(txns).extracting(StripeBalanceTransaction::amount)
			.containsExactly(-106L, -105L, -104L, -103L, -102L, -101L, -100L);
		assertThat(events.complete()).isTrue();
		assertThat(events.events()).hasSize(transfers).extracting(StripeEvent::id).doesNotHaveDuplicates();
		assertThat(events.events()).extracting((event) -> amountOf(event.json()))
			.containsExactly(100L, 101L, 102L, 103L, 104L, 105L, 106L);
		assertThat(oldestThree.complete()).isFalse();
		assertThat(oldestThree.events()).extracting((event) -> amountOf(event.json()))
			.containsExactly(100L, 101L, 102L);
		assertThat(this.stripe.calls("balance_transactions.list", "success")).isEqualTo(3);
	}

	@Test
	void reversal_takes_funds_back_and_emits_transfer_reversed() {
		StripeTransfer transfer = this.stripe.gateway.createTransfer(transfer(1000),
				IdempotencyKey.of("transfer", SimulatedStripe.PAYEE, "2026-11-20", "nightly"));

		StripeReversal reversal = this.stripe.gateway.reverseTransfer(
				new ReversalRequest(transfer.id(), 400, Map.of("refund", "re_1")),
				IdempotencyKey.of("reversal", transfer.id(), "refund", "re_1"));

		assertThat(reversal.id()).startsWith("trr_");
		assertThat(reversal.transferId()).isEqualTo(transfer.id());
		assertThat(reversal.amount()).isEqualTo(400);
		assertThat(this.stripe.simulator.platformAvailable("usd")).isEqualTo(1_000_000 - 600);
		assertThat(this.stripe.simulator.eventTypes()).containsExactly("transfer.created", "transfer.reversed");
	}

	@Test
	void idempotency_keys_follow_the_scheme() {
		assertThat(IdempotencyKey.of("payout", "acct_X", "2026-11-20", "nightly").value())
			.isEqualTo("payout:acct_X:2026-11-20:nightly");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> IdempotencyKey.of("payout", "acct:X"));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new IdempotencyKey("payout"));
	}

	private static TransferRequest transfer(long cents) {
		return new TransferRequest(cents, "usd", SimulatedStripe.PAYEE, "payouts-2026-11-20",
				Map.of("payout_id", "42"), "Nightly payout");
	}

	private static long amountOf(String eventJson) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"amount\":(\\d+)").matcher(eventJson);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

}
