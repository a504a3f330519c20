package com.treasurybatch.jobs.inbox.handlers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.inventory.HoldConversion;
import com.treasurybatch.shared.inventory.TicketHolds;
import com.treasurybatch.shared.retention.ConsentBasis;
import com.treasurybatch.shared.retention.Contacts;
import com.treasurybatch.shared.retention.DraftOrders;
import com.treasurybatch.shared.retention.MarketingConsents;
import com.treasurybatch.shared.retention.RetentionEmailProperties;
import com.treasurybatch.shared.retention.RetentionTasks;
import com.treasurybatch.shared.retention.TaskKind;
import com.treasurybatch.shared.retention.Unsubscribes;

/**
 * What a Checkout Session's end means for inventory and retention, beside the sale's books: a paid session
 * converts its ticket hold, completes its draft order and cancels the buyer's pending abandoned-checkout emails for
 * the item; an expired one marks its draft order EXPIRED and schedules the abandoned-checkout emails, unless the
 * buyer has no marketing basis ({@link ConsentBasis}), unsubscribed, or bought the item meanwhile.
 *
 * <p>The session names its hold, draft order and buyer by metadata (README "Webhook metadata conventions"):
 * {@value #HOLD_KEY}, {@value #DRAFT_ORDER_KEY}, {@value #BUYER_KEY}. The buyer is otherwise found by
 * {@code customer_details.email}. Runs inside the event's transaction.
 */
@Component
class CheckoutOutcomes {

	static final String HOLD_KEY = "tb_hold";

	static final String DRAFT_ORDER_KEY = "tb_draft_order";

	static final String BUYER_KEY = "tb_buyer";

	private final TicketHolds holds;

	private final DraftOrders draftOrders;

	private final Contacts contacts;

	private final MarketingConsents consents;

	private final Unsubscribes unsubscribes;

	private final RetentionTasks tasks;

	private final RetentionEmailProperties properties;

	private final Alerts alerts;

	CheckoutOutcomes(TicketHolds holds, DraftOrders draftOrders, Contacts contacts, MarketingConsents consents,
			Unsubscribes unsubscribes, RetentionTasks tasks, RetentionEmailProperties properties, Alerts alerts) {
		this.holds = holds;
		this.draftOrders = draftOrders;
		this.contacts = contacts;
		this.consents = consents;
		this.unsubscribes = unsubscribes;
		this.tasks = tasks;
		this.properties = properties;
		this.alerts = alerts;
	}

	/**
	 * A paid session: converts the hold, completes the draft order, cancels pending recovery emails.
	 * @param event the event
	 * @param session its {@code data.object}
	 * @throws InapplicableEventException if the metadata's hold id is not a number
	 */
	void paid(ParsedStripeEvent event, JsonNode session) {
		paidAll(List.of(preparePaid(event, session)));
	}

	/**
	 * Reads and checks what a paid session asks for (its hold, its buyer) and writes nothing.
	 * @param event the event
	 * @param session its {@code data.object}
	 * @return the outcome ready for {@link #paidAll}
	 * @throws InapplicableEventException if the metadata's hold id is not a number or the customer email is not an
	 * address
	 */
	PaidCheckout preparePaid(ParsedStripeEvent event, JsonNode session) {
		String sessionId = EventJson.requireText(session, "id");
		Map<String, String> metadata = EventJson.metadata(session);
		Long holdId = holdId(metadata, sessionId);
		String named = metadata.get(BUYER_KEY);
		if (named != null && this.contacts.find(named).isPresent()) {
			return new PaidCheckout(event, session, holdId, named, null);
		}
		JsonNode details = session.path("customer_details");
		String email = EventJson.optionalText(details, "email");
		if (email == null) {
			email = EventJson.optionalText(session, "customer_email");
		}
		if (email == null) {
			return new PaidCheckout(event, session, holdId, named, null);
		}
		if (!Contacts.isEmailAddress(email)) {
			throw new InapplicableEventException("customer email of " + sessionId + ": Not an email address: " + email);
		}
		return new PaidCheckout(event, session, holdId, null, new Contacts.ContactUpsert(email,
				EventJson.optionalText(details, "name"), EventJson.optionalText(details.path("address"), "country"),
				null));
	}

	/**
	 * Applies prepared paid sessions as {@link #paid} one by one in their order would, in one statement per table
	 * where it can: converts their holds, upserts their buyers, completes their draft orders and cancels the
	 * recovery emails pending for them.
	 * @param paid prepared sessions
	 */
	void paidAll(List<PaidCheckout> paid) {
		for (PaidCheckout checkout : paid) {
			if (checkout.holdId() != null) {
				convert(checkout.holdId(), EventJson.requireText(checkout.session(), "id"));
			}
		}
		List<Contacts.ContactUpsert> upserts = new ArrayList<>();
		for (PaidCheckout checkout : paid) {
			if (checkout.buyerToUpsert() != null) {
				upserts.add(checkout.buyerToUpsert());
			}
		}
		List<String> upserted = this.contacts.upsertAll(upserts);
		List<DraftOrders.Draft> drafts = new ArrayList<>();
		List<Instant> completedAt = new ArrayList<>();
		int u = 0;
		for (PaidCheckout checkout : paid) {
			String buyer = (checkout.buyerToUpsert() != null) ? upserted.get(u++) : checkout.knownBuyer();
			if (buyer != null) {
				drafts.add(draft(checkout.session(), EventJson.metadata(checkout.session()), buyer, checkout.holdId()));
				completedAt.add(checkout.event().created());
			}
		}
		this.draftOrders.completeAll(drafts, completedAt);
		this.tasks.cancelAbandonedForCompletedOrders(drafts);
	}

	/**
	 * A paid session, read and checked, nothing written yet.
	 * @param event the event
	 * @param session its {@code data.object}
	 * @param holdId the ticket hold it converts, or null
	 * @param knownBuyer the buyer's contact id when known without an upsert (or the metadata's unknown one), or null
	 * @param buyerToUpsert the buyer's email and details to upsert, or null
	 */
	record PaidCheckout(ParsedStripeEvent event, JsonNode session, Long holdId, String knownBuyer,
			Contacts.ContactUpsert buyerToUpsert) {
	}

	/**
	 * A session whose delayed payment failed ({@code checkout.session.async_payment_failed}): its draft order is
	 * closed (EXPIRED, with its recovery link) and no abandoned-checkout emails are scheduled: the buyer did check out,
	 * and {@code payment_intent.payment_failed} tells them the payment failed ({@link PaymentFailedHandler}).
	 * @param event the event ({@code created}: when the payment failed)
	 * @param session its {@code data.object}
	 * @return true if a draft order was closed
	 */
	boolean paymentFailed(ParsedStripeEvent event, JsonNode session) {
		Map<String, String> metadata = EventJson.metadata(session);
		String sessionId = EventJson.requireText(session, "id");
		Optional<String> buyer = buyer(session, metadata);
		if (buyer.isEmpty()) {
			return false;
		}
		DraftOrders.Draft draft = draft(session, metadata, buyer.get(), holdId(metadata, sessionId));
		return this.draftOrders.expire(draft, this.properties.recoveryUrlTemplate().replace("{draftOrder}", draft.id()),
				event.created());
	}

	/**
	 * An expired session: the draft order is EXPIRED and recovery emails are scheduled when allowed.
	 * @param event the event ({@code created}: when the session expired)
	 * @param session its {@code data.object}
	 * @return tasks scheduled
	 */
	int expired(ParsedStripeEvent event, JsonNode session) {
		String sessionId = EventJson.requireText(session, "id");
		Map<String, String> metadata = EventJson.metadata(session);
		Long holdId = holdId(metadata, sessionId);
		Optional<String> buyer = buyer(session, metadata);
		if (buyer.isEmpty()) {
			return 0;
		}
		DraftOrders.Draft draft = draft(session, metadata, buyer.get(), holdId);
		String recoveryUrl = EventJson.optionalText(session.path("after_expiration").path("recovery"), "url");
		if (recoveryUrl == null) {
			recoveryUrl = this.properties.recoveryUrlTemplate().replace("{draftOrder}", draft.id());
		}
		if (!this.draftOrders.expire(draft, recoveryUrl, event.created())) {
			return 0;
		}
		String promotions = EventJson.optionalText(session.path("consent"), "promotions");
		String country = EventJson.optionalText(session.path("customer_details").path("address"), "country");
		ConsentBasis basis = this.consents.record(buyer.get(), promotions,
				(country != null) ? country.toUpperCase(java.util.Locale.ROOT) : null, sessionId);
		if (!basis.allowsMarketing()
				|| this.unsubscribes.isUnsubscribed(buyer.get(), RetentionTasks.MARKETING_LIST)
				|| this.draftOrders.completedSince(buyer.get(), draft.itemId(), draft.created())) {
			return 0;
		}
		List<Instant> due = new ArrayList<>();
		this.properties.offsets().forEach((offset) -> due.add(event.created().plus(offset)));
		return this.tasks.schedule(TaskKind.ABANDONED_CHECKOUT, draft.id(), buyer.get(), due, recoveryUrl);
	}

	private void convert(long holdId, String sessionId) {
		HoldConversion conversion = this.holds.convert(holdId, sessionId);
		if (conversion == HoldConversion.SOLD_OUT_AFTER_RELEASE || conversion == HoldConversion.NOT_FOUND) {
			this.alerts.raise(Severity.WARNING, "hold_not_converted", sessionId,
					"Checkout Session " + sessionId + " was paid but its ticket hold " + holdId + " could not be "
							+ "converted (" + conversion + "): the buyer paid for tickets that are not theirs; "
							+ "offer other seats or refund",
					"hold_not_converted:" + sessionId);
		}
	}

	private Optional<String> buyer(JsonNode session, Map<String, String> metadata) {
		String named = metadata.get(BUYER_KEY);
		if (named != null && this.contacts.find(named).isPresent()) {
			return Optional.of(named);
		}
		JsonNode details = session.path("customer_details");
		String email = EventJson.optionalText(details, "email");
		if (email == null) {
			email = EventJson.optionalText(session, "customer_email");
		}
		if (email == null) {
			return Optional.ofNullable(named);
		}
		try {
			return Optional.of(this.contacts.upsert(email, EventJson.optionalText(details, "name"),
					EventJson.optionalText(details.path("address"), "country"), null));
		}
		catch (IllegalArgumentException ex) {
			throw new InapplicableEventException("customer email of " + session.path("id").asString("?") + ": "
					+ ex.getMessage(), ex);
		}
	}

	private static DraftOrders.Draft draft(JsonNode session, Map<String, String> metadata, String buyer,
			Long holdId) {
		String sessionId = EventJson.requireText(session, "id");
		String id = metadata.getOrDefault(DRAFT_ORDER_KEY, sessionId);
		JsonNode amount = session.path("amount_total");
		String currency = EventJson.optionalText(session, "currency");
		return new DraftOrders.Draft(id, buyer, holdId, metadata.get("tb_item_type"), metadata.get("tb_item_id"),
				sessionId, amount.isIntegralNumber() ? amount.longValue() : null,
				(currency != null) ? currency.toLowerCase(java.util.Locale.ROOT) : null,
				Instant.ofEpochSecond(EventJson.requireLong(session, "created")));
	}

	private static Long holdId(Map<String, String> metadata, String sessionId) {
		String hold = metadata.get(HOLD_KEY);
		if (hold == null) {
			return null;
		}
		if (!hold.matches("[0-9]{1,18}")) {
			throw new InapplicableEventException("metadata." + HOLD_KEY + " of " + sessionId + " is not a hold id: " + hold);
		}
		return Long.valueOf(hold);
	}

}
