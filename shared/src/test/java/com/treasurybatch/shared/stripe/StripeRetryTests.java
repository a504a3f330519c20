package com.treasurybatch.shared.stripe;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.treasurybatch.simulator.SimulatorRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Transient failures are retried with the same idempotency key and never pay twice. */
class StripeRetryTests {

	private final SimulatedStripe stripe = new SimulatedStripe();

	private final IdempotencyKey key = IdempotencyKey.of("transfer", SimulatedStripe.PAYEE, "2026-11-20", "nightly");

	@AfterEach
	void close() {
		this.stripe.close();
	}

	@Test
	void a_429_storm_is_retried_with_the_same_key_until_the_transfer_is_made_once() {
		this.stripe.simulator.faults().rateLimitNext(5).retryAfterSeconds(0);

		StripeTransfer transfer = this.stripe.gateway.createTransfer(transfer(), this.key);

		assertThat(transfer.id()).startsWith("tr_");
		assertThat(this.stripe.simulator.transferCount()).isEqualTo(1);
		assertThat(this.stripe.simulator.requestsWithIdempotencyKey(this.key.value())).isEqualTo(6);
		assertThat(this.stripe.simulator.requests()).extracting(SimulatorRequest::idempotencyKey)
			.containsOnly(this.key.value());
		assertThat(this.stripe.calls("transfers.create", "retryable_error")).isEqualTo(5);
		assertThat(this.stripe.calls("transfers.create", "success")).isEqualTo(1);
	}

	@Test
	void a_5xx_burst_is_retried_with_the_same_key_until_the_transfer_is_made_once() {
		this.stripe.simulator.faults().serverErrorsNext(3, 503);

		this.stripe.gateway.createTransfer(transfer(), this.key);

		assertThat(this.stripe.simulator.transfersTo(SimulatedStripe.PAYEE)).isEqualTo(1);
		assertThat(this.stripe.simulator.requestsWithIdempotencyKey(this.key.value())).isEqualTo(4);
	}

	@Test
	void an_answer_lost_after_stripe_performed_the_transfer_is_recovered_by_a_replay() {
		this.stripe.simulator.faults().failAfterCommitNext(1);

		StripeTransfer transfer = this.stripe.gateway.createTransfer(transfer(), this.key);

		assertThat(this.stripe.simulator.transferCount()).isEqualTo(1);
		assertThat(this.stripe.simulator.replays()).isEqualTo(1);
		assertThat(transfer.amount()).isEqualTo(900);
		assertThat(this.stripe.calls("transfers.create", "replayed")).isEqualTo(1);
	}

	@Test
	void a_storm_longer_than_the_attempts_ends_in_a_retryable_error_and_a_later_call_replays_nothing_twice() {
		this.stripe.simulator.faults().rateLimitNext(100).retryAfterSeconds(0);

		assertThatExceptionOfType(StripeTransientException.class)
			.isThrownBy(() -> this.stripe.gateway.createTransfer(transfer(), this.key))
			.satisfies((ex) -> {
				assertThat(ex.retryable()).isTrue();
				assertThat(ex.httpStatus()).isEqualTo(429);
				assertThat(ex.code()).isEqualTo("rate_limit");
				assertThat(ex.attempts()).isEqualTo(8);
			});
		this.stripe.simulator.faults().reset();
		this.stripe.gateway.createTransfer(transfer(), this.key);
		this.stripe.gateway.createTransfer(transfer(), this.key);

		assertThat(this.stripe.simulator.transferCount()).isEqualTo(1);
		assertThat(this.stripe.simulator.requestsWithIdempotencyKey(this.key.value())).isEqualTo(10);
	}

	@Test
	void a_refused_connection_is_a_retryable_error() {
		this.stripe.simulator.close();

		assertThatExceptionOfType(StripeTransientException.class)
			.isThrownBy(() -> this.stripe.gateway.retrieveBalance())
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isZero();
				assertThat(ex.failure().type()).isEqualTo(StripeFailure.TYPE_CONNECTION);
				assertThat(ex.attempts()).isEqualTo(8);
			});
	}

	private static TransferRequest transfer() {
		return new TransferRequest(900, "usd", SimulatedStripe.PAYEE, null, Map.of(), null);
	}

}
