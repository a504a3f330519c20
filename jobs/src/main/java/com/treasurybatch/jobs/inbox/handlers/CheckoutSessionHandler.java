package com.treasurybatch.jobs.inbox.handlers;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerProperties;
import com.treasurybatch.shared.sales.Order;
import com.treasurybatch.shared.sales.OrderStatus;
import com.treasurybatch.shared.sales.Orders;
import com.treasurybatch.shared.sales.PaidSale;
import com.treasurybatch.shared.sales.PayeeResolver;
import com.treasurybatch.shared.sales.Payees;
import com.treasurybatch.shared.sales.SaleMetadata;

/**
 * Books Checkout Sessions: {@code checkout.session.completed} and
 * {@code checkout.session.async_payment_succeeded}.
 *
 * <p>A paid session (or one that needed no payment for a zero amount) gives a PAID order and one sale journal
 * (see {@link PaidSale}), sourced by the session id so that the two event types, redeliveries and replays never
 * book it twice. A session still unpaid (delayed payment methods) gives an AWAITING_PAYMENT order and no journal;
 * its {@code async_payment_succeeded} event books it later. Who is paid comes from the session's metadata
 * ({@link SaleMetadata}); when it names nobody, or a rule that does not exist, the payee share goes to
 * {@code platform:suspense} and a WARNING alert is raised.
 *
 * <p>A paid session also converts its ticket hold and completes its draft order ({@link CheckoutOutcomes}).
 *
 * <p>Not booked here (IGNORED): sessions in setup mode (no money) and sessions of a connected account (a direct
 * charge is the connected account's money, not the platform's).
 */
@Component
class CheckoutSessionHandler implements EventHandler {

	static final String COMPLETED = "checkout.session.completed";

	static final String ASYNC_PAYMENT_SUCCEEDED = "checkout.session.async_payment_succeeded";

	private final Ledger ledger;

	private final Orders orders;

	private final PayeeResolver payeeResolver;

	private final Alerts alerts;

	private final LedgerProperties ledgerProperties;

	private final Clock clock;

	private final CheckoutOutcomes outcomes;

	CheckoutSessionHandler(Ledger ledger, Orders orders, PayeeResolver payeeResolver, Alerts alerts,
			LedgerProperties ledgerProperties, Clock clock, CheckoutOutcomes outcomes) {
		this.outcomes = outcomes;
		this.ledger = ledger;
		this.orders = orders;
		this.payeeResolver = payeeResolver;
		this.alerts = alerts;
		this.ledgerProperties = ledgerProperties;
		this.clock = clock;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(COMPLETED, ASYNC_PAYMENT_SUCCEEDED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		JsonNode session = event.object();
		EventJson.requireObjectType(session, "checkout.session");
		String sessionId = EventJson.requireText(session, "id");
		if (!sessionId.startsWith("cs_")) {
			throw new InapplicableEventException("Checkout Session id " + sessionId + " does not start with cs_");
		}
		if ("setup".equals(EventJson.optionalText(session, "mode"))) {
			return HandlerOutcome.IGNORED;
		}
		long amountTotal = EventJson.requireLong(session, "amount_total");
		if (amountTotal < 0) {
			throw new InapplicableEventException("amount_total " + amountTotal + " is negative in " + sessionId);
		}
		String currency = currency(session);
		String paymentStatus = EventJson.requireText(session, "payment_status");
		SaleMetadata metadata = metadata(session);
		Instant sessionCreated = Instant.ofEpochSecond(EventJson.requireLong(session, "created"));
		String paymentIntent = paymentIntentId(session);
		boolean paid = switch (paymentStatus) {
			case "paid" -> true;
			case "unpaid" -> false;
			case "no_payment_required" -> {
				if (amountTotal != 0) {
					throw new InapplicableEventException(
							sessionId + " needs no payment but has amount_total " + amountTotal);
				}
				yield true;
			}
			default -> throw new InapplicableEventException("Unknown payment_status " + paymentStatus + " in " + sessionId);
		};
		if (!paid) {
			if (ASYNC_PAYMENT_SUCCEEDED.equals(event.type())) {
				throw new InapplicableEventException(event.type() + " for " + sessionId + " says payment_status unpaid");
			}
			this.orders.save(new Order(sessionId, paymentIntent, metadata.itemType(), metadata.itemId(),
					metadata.splitRuleId(), rawSplit(metadata), false, amountTotal, currency, paymentStatus,
					OrderStatus.AWAITING_PAYMENT, null, sessionCreated, this.clock.instant()));
			return HandlerOutcome.PROCESSED;
		}
		Payees payees = payees(metadata, sessionId);
		Long journalId = null;
		if (amountTotal > 0) {
			journalId = book(event, sessionId, amountTotal, currency, payees, stripeFee(session, currency));
		}
		this.orders.save(new Order(sessionId, paymentIntent, metadata.itemType(), metadata.itemId(),
				payees.splitRuleId(), payees.splitInline(), payees.inSuspense(), amountTotal, currency, paymentStatus,
				OrderStatus.PAID, journalId, sessionCreated, this.clock.instant()));
		this.outcomes.paid(event, session);
		return HandlerOutcome.PROCESSED;
	}

	private long book(ParsedStripeEvent event, String sessionId, long amountTotal, String currency, Payees payees,
			OptionalLong stripeFee) {
		int feeBps = payees.platformFeeBps().orElse(this.ledgerProperties.platformFeeBps());
		PaidSale sale = new PaidSale(sessionId, event.created(), currency, amountTotal, stripeFee, feeBps,
				payees.shares());
		OptionalLong posted = this.ledger.post(sale.journal());
		if (posted.isEmpty()) {
			return this.ledger.journalId(sessionId, PaidSale.JOURNAL_KIND)
				.orElseThrow(() -> new IllegalStateException("Sale journal of " + sessionId
						+ " exists (the insert conflicted) but cannot be found"));
		}
		if (payees.inSuspense()) {
			this.alerts.raise(Severity.WARNING, "sale_in_suspense", sessionId,
					"Sale " + sessionId + " of " + amountTotal + " " + currency + " (" + event.id() + "): "
							+ payees.suspenseReason() + "; the payee share is held in platform:suspense until a "
							+ "person books it to the right payee",
					"sale_in_suspense:" + sessionId);
		}
		return posted.getAsLong();
	}

	private Payees payees(SaleMetadata metadata, String sessionId) {
		try {
			return this.payeeResolver.resolve(metadata);
		}
		catch (IllegalArgumentException ex) {
			throw new InapplicableEventException("Metadata of " + sessionId + ": " + ex.getMessage(), ex);
		}
	}

	private static SaleMetadata metadata(JsonNode session) {
		try {
			return SaleMetadata.from(EventJson.metadata(session));
		}
		catch (IllegalArgumentException ex) {
			throw new InapplicableEventException("Metadata of " + session.path("id").asString("?") + ": " + ex.getMessage(),
					ex);
		}
	}

	private static String rawSplit(SaleMetadata metadata) {
		if (metadata.split() != null) {
			return metadata.split();
		}
		return (metadata.payee() != null) ? metadata.payee() + ":10000" : null;
	}

	private static String currency(JsonNode session) {
		String currency = EventJson.requireText(session, "currency").toLowerCase(Locale.ROOT);
		if (!currency.matches("[a-z]{3}")) {
			throw new InapplicableEventException("currency " + currency + " is not an ISO 4217 code");
		}
		return currency;
	}

	/** {@code payment_intent} is an id, or an object when the event was built with it expanded. */
	private static String paymentIntentId(JsonNode session) {
		JsonNode paymentIntent = session.path("payment_intent");
		if (paymentIntent.isObject()) {
			return EventJson.requireText(paymentIntent, "id");
		}
		return EventJson.optionalText(session, "payment_intent");
	}

	/**
	 * Stripe's fee, only when the payload carries an expanded
	 * {@code payment_intent.latest_charge.balance_transaction} in the sale's currency (a fee settled in another
	 * currency cannot sit in a journal balanced in the sale's currency: reconciliation books it).
	 */
	private static OptionalLong stripeFee(JsonNode session, String currency) {
		JsonNode balanceTransaction = session.path("payment_intent").path("latest_charge").path("balance_transaction");
		if (!balanceTransaction.isObject()) {
			return OptionalLong.empty();
		}
		long fee = EventJson.requireLong(balanceTransaction, "fee");
		if (fee < 0) {
			throw new InapplicableEventException("balance_transaction.fee " + fee + " is negative");
		}
		String feeCurrency = EventJson.optionalText(balanceTransaction, "currency");
		if (feeCurrency != null && !feeCurrency.equalsIgnoreCase(currency)) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(fee);
	}

}
