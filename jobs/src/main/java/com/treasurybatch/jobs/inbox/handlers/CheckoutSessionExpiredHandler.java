package com.treasurybatch.jobs.inbox.handlers;

import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * {@code checkout.session.expired}: the buyer walked away. The draft order becomes EXPIRED and the
 * abandoned-checkout emails are scheduled ({@link CheckoutOutcomes#expired}). Sessions of connected accounts are
 * IGNORED (not the platform's checkout).
 */
@Component
class CheckoutSessionExpiredHandler implements EventHandler {

	static final String EXPIRED = "checkout.session.expired";

	private final CheckoutOutcomes outcomes;

	CheckoutSessionExpiredHandler(CheckoutOutcomes outcomes) {
		this.outcomes = outcomes;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(EXPIRED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		JsonNode session = event.object();
		EventJson.requireObjectType(session, "checkout.session");
		this.outcomes.expired(event, session);
		return HandlerOutcome.PROCESSED;
	}

}
