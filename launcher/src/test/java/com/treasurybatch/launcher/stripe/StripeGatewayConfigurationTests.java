package com.treasurybatch.launcher.stripe;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.stripe.IdempotencyKey;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeTransfer;
import com.treasurybatch.shared.stripe.TransferRequest;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Embedded default: with no Stripe key the server runs the simulator, its gateway talks to it over HTTP, and the
 * simulator's signed webhooks land in this server's inbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.stripe.api-key=", "spring.quartz.scheduler-name=stripe-gateway-tests" })
@PostgresTest
class StripeGatewayConfigurationTests {

	@Autowired
	StripeGateway gateway;

	@Autowired
	StripeSimulator simulator;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void without_a_key_the_gateway_uses_the_simulator_whose_webhooks_reach_the_inbox() {
		String payee = "acct_1SimLauncherPayee";
		this.simulator.seedAccount(SimulatedAccount.active(payee, java.time.Instant.parse("2026-01-01T00:00:00Z")));
		this.simulator.seedBalance("usd", 10_000, 0);

		StripeTransfer transfer = this.gateway.createTransfer(
				new TransferRequest(2500, "usd", payee, null, Map.of(), null),
				IdempotencyKey.of("transfer", payee, "2026-11-20", "nightly"));

		assertThat(this.simulator.transfersTo(payee)).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM webhook_inbox WHERE type = 'transfer.created' AND payload::text LIKE ?",
				Long.class, "%" + transfer.id() + "%")).isEqualTo(1));
		assertThat(this.simulator.eventsDelivered()).isEqualTo(1);
	}

}
