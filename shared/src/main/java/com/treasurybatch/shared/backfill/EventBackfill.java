package com.treasurybatch.shared.backfill;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.inbox.EventEnvelopeParser;
import com.treasurybatch.shared.inbox.InboxEvent;
import com.treasurybatch.shared.inbox.InboxSource;
import com.treasurybatch.shared.inbox.StageOutcome;
import com.treasurybatch.shared.inbox.WebhookInbox;
import com.treasurybatch.shared.stripe.EventList;
import com.treasurybatch.shared.stripe.EventQuery;
import com.treasurybatch.shared.stripe.StripeEvent;
import com.treasurybatch.shared.stripe.StripeGateway;

/**
 * Stages Stripe events listed from {@code GET /v1/events} through the receiver's own insert
 * ({@link WebhookInbox#stageAll}, {@link InboxSource#BACKFILL}): an event already in the inbox, however it came, is a
 * duplicate and writes nothing, so a delivered event is never applied twice and a missed one once.
 *
 * <p>Stripe keeps events for 30 days (docs.stripe.com/api/events): a lower bound older than that cannot be listed
 * completely; {@link #oldestListable()} says from when it can.
 */
@Component
public class EventBackfill {

	/** How long Stripe keeps events. */
	public static final Duration STRIPE_EVENT_RETENTION = Duration.ofDays(30);

	private final ObjectProvider<StripeGateway> stripe;

	private final WebhookInbox inbox;

	private final EventEnvelopeParser parser;

	private final Clock clock;

	/**
	 * @param stripe lists events (looked up when first used: a process without Stripe settings can still start)
	 * @param inbox where they are staged
	 * @param parser reads each event's envelope as the receiver does
	 * @param clock UTC
	 */
	public EventBackfill(ObjectProvider<StripeGateway> stripe, WebhookInbox inbox, EventEnvelopeParser parser, Clock clock) {
		this.stripe = stripe;
		this.inbox = inbox;
		this.parser = parser;
		this.clock = clock;
	}

	/** The oldest created time Stripe still lists (UTC): now minus 30 days. */
	public Instant oldestListable() {
		return this.clock.instant().minus(STRIPE_EVENT_RETENTION);
	}

	/**
	 * Lists events, oldest first.
	 * @param query created lower bound, types, undelivered only, bounds
	 * @return the events and whether that is all of them
	 * @throws com.treasurybatch.shared.stripe.StripeCallException if Stripe stays unavailable
	 */
	public EventList list(EventQuery query) {
		return this.stripe.getObject().events(query);
	}

	/**
	 * Stages events into the inbox, marked {@link InboxSource#BACKFILL}; joins the caller's transaction.
	 * @param events as listed
	 * @return how many were new (the rest were in the inbox already)
	 * @throws org.springframework.dao.DataAccessException if the database refuses: nothing of that statement staged
	 */
	public int stage(List<StripeEvent> events) {
		List<InboxEvent> rows = events.stream()
			.map((event) -> new InboxEvent(this.parser.parse(event.json().getBytes(StandardCharsets.UTF_8)),
					event.json()))
			.toList();
		return (int) this.inbox.stageAll(rows, InboxSource.BACKFILL)
			.stream()
			.filter((outcome) -> outcome == StageOutcome.NEW)
			.count();
	}

	/**
	 * A targeted backfill: lists the events of these types created from {@code from} and stages those about one
	 * object (whose JSON names it: a charge's id, a payment intent, a refund id).
	 * @param from lower bound (UTC), brought forward to {@link #oldestListable()} if older
	 * @param types the event types that could concern it, at most 20
	 * @param objectId e.g. {@code pi_...}, {@code re_...}
	 * @return how many events were newly staged
	 */
	public int stageAbout(Instant from, List<String> types, String objectId) {
		Instant bound = from.isBefore(oldestListable()) ? oldestListable() : from;
		Predicate<StripeEvent> names = (event) -> event.json().contains("\"" + objectId + "\"");
		List<StripeEvent> about = list(EventQuery.since(bound, types)).events().stream().filter(names).toList();
		return about.isEmpty() ? 0 : stage(about);
	}

}
