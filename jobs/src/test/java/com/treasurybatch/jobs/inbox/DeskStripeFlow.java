package com.treasurybatch.jobs.inbox;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.treasurybatch.simulator.SimulatedEvent;
import com.treasurybatch.simulator.StripeSimulator;

/** Stages the simulator's new events into {@code webhook_inbox}, in the order Stripe sent them. */
final class DeskStripeFlow {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StripeSimulator stripe;

	private final InboxStaging inbox;

	private int staged;

	DeskStripeFlow(StripeSimulator stripe, JdbcTemplate jdbc) {
		this.stripe = stripe;
		this.inbox = new InboxStaging(jdbc);
		this.staged = stripe.events().size();
	}

	/** Stages every event made since the last call. */
	void stageNewEvents() {
		List<SimulatedEvent> all = this.stripe.events();
		for (SimulatedEvent event : all.subList(this.staged, all.size())) {
			JsonNode json = JSON.readTree(event.json());
			String account = json.path("account").isString() ? json.path("account").asString() : null;
			this.inbox.stage(event.id(), event.type(), account, Instant.ofEpochSecond(json.path("created").asLong()),
					event.json());
		}
		this.staged = all.size();
	}

}
