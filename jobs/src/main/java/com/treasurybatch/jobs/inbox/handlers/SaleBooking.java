package com.treasurybatch.jobs.inbox.handlers;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerProperties;
import com.treasurybatch.shared.sales.Order;
import com.treasurybatch.shared.sales.OrderStatus;
import com.treasurybatch.shared.sales.Orders;
import com.treasurybatch.shared.sales.PaidSale;
import com.treasurybatch.shared.sales.PayeeResolver;
import com.treasurybatch.shared.sales.Payees;
import com.treasurybatch.shared.sales.SaleMetadata;
import com.treasurybatch.shared.sales.SplitRuleAt;
import com.treasurybatch.shared.sales.SplitRuleVersion;

/**
 * Books a paid sale, whatever event reports it (a Checkout Session, a PaymentIntent, an invoice): the sale journal
 * ({@link PaidSale}) sourced by the sale key, so that two events about the same payment book it once, and its
 * order row. Who is paid comes from the {@code tb_*} metadata ({@link SaleMetadata}); when it names nobody, or a rule
 * that does not exist, the payee share goes to {@code platform:suspense} and a WARNING alert is raised.
 */
@Component
class SaleBooking {

	private final Ledger ledger;

	private final Orders orders;

	private final PayeeResolver payeeResolver;

	private final Alerts alerts;

	private final LedgerProperties ledgerProperties;

	private final Clock clock;

	SaleBooking(Ledger ledger, Orders orders, PayeeResolver payeeResolver, Alerts alerts,
			LedgerProperties ledgerProperties, Clock clock) {
		this.ledger = ledger;
		this.orders = orders;
		this.payeeResolver = payeeResolver;
		this.alerts = alerts;
		this.ledgerProperties = ledgerProperties;
		this.clock = clock;
	}

	/**
	 * A sale as an event reports it.
	 * @param saleKey the sale journal's source ({@code pi_...}, {@code in_...}, or {@code cs_...})
	 * @param checkoutSessionId {@code cs_...} or null
	 * @param paymentIntent {@code pi_...} or null
	 * @param invoiceId {@code in_...} or null
	 * @param subscriptionId {@code sub_...} or null
	 * @param amountCents what the buyer paid, tax included, minor units, zero or more
	 * @param taxCents the sales tax in it
	 * @param currency lowercase ISO code
	 * @param paymentStatus Stripe's status word to keep on the order
	 * @param metadata the {@code tb_*} keys (and others, ignored)
	 * @param created when Stripe created the paid object (UTC)
	 * @param origin for the journal's description, e.g. {@code checkout cs_...}
	 */
	record ReportedSale(String saleKey, String checkoutSessionId, String paymentIntent, String invoiceId,
			String subscriptionId, long amountCents, long taxCents, String currency, String paymentStatus,
			Map<String, String> metadata, Instant created, String origin) {

		ReportedSale {
			if (amountCents < 0) {
				throw new InapplicableEventException("amount " + amountCents + " is negative in " + saleKey);
			}
			if (taxCents < 0 || taxCents > amountCents) {
				throw new InapplicableEventException(
						"tax " + taxCents + " is outside 0.." + amountCents + " in " + saleKey);
			}
			if (!currency.matches("[a-z]{3}")) {
				throw new InapplicableEventException("currency " + currency + " is not an ISO 4217 code");
			}
		}

	}

	/**
	 * Books a paid sale (once per sale key) and saves its order as PAID.
	 * @param event the event reporting it; its {@code created} is the journal's effective time
	 * @param sale the sale
	 * @return the sale journal's id, or null for a zero amount
	 * @throws InapplicableEventException if the metadata breaks the conventions
	 */
	Long paid(ParsedStripeEvent event, ReportedSale sale) {
		return bookAll(List.of(prepare(event, sale))).get(0);
	}

	/**
	 * Reads what booking a paid sale needs (who is paid, by which rule version) and writes nothing.
	 * @param event the event reporting it; its {@code created} is the journal's effective time
	 * @param sale the sale
	 * @return the sale ready for {@link #bookAll}
	 * @throws InapplicableEventException if the metadata breaks the conventions
	 */
	PreparedSale prepare(ParsedStripeEvent event, ReportedSale sale) {
		return prepare(event, sale, Map.of());
	}

	/**
	 * {@link #prepare(ParsedStripeEvent, ReportedSale)} with the split rule versions of a run read beforehand
	 * ({@link #rulesInForce}).
	 * @param event the event reporting it; its {@code created} is the journal's effective time
	 * @param sale the sale
	 * @param inForce rule versions by rule and instant; a lookup missing from it is read from the database
	 * @return the sale ready for {@link #bookAll}
	 * @throws InapplicableEventException if the metadata breaks the conventions
	 */
	PreparedSale prepare(ParsedStripeEvent event, ReportedSale sale,
			Map<SplitRuleAt, Optional<SplitRuleVersion>> inForce) {
		SaleMetadata metadata = metadata(sale);
		Payees payees = payees(metadata, sale.saleKey(), event.created(), inForce);
		PaidSale paid = null;
		if (sale.amountCents() > 0) {
			int feeBps = payees.platformFeeBps().orElse(this.ledgerProperties.platformFeeBps());
			paid = new PaidSale(sale.saleKey(), event.created(), sale.currency(), sale.amountCents(), sale.taxCents(),
					feeBps, payees.shares(), sale.origin());
		}
		return new PreparedSale(event, sale, metadata, payees, paid);
	}

	/**
	 * Books prepared sales as {@link #paid} one by one in their order would, in one statement per table: their
	 * journals (those not booked before), then their orders as PAID.
	 * @param sales prepared sales of distinct sale keys
	 * @return per sale, in their order: the sale journal's id, or null for a zero amount
	 * @throws IllegalArgumentException if two sales share a sale key
	 */
	List<Long> bookAll(List<PreparedSale> sales) {
		List<JournalEntry> journals = new ArrayList<>();
		for (PreparedSale sale : sales) {
			if (sale.paid() != null) {
				journals.add(sale.paid().journal());
			}
		}
		List<OptionalLong> posted = this.ledger.postEach(journals);
		List<String> booked = new ArrayList<>();
		for (int i = 0, j = 0; i < sales.size(); i++) {
			if (sales.get(i).paid() != null && posted.get(j++).isEmpty()) {
				booked.add(sales.get(i).sale().saleKey());
			}
		}
		// another event about the same payment booked these first: their orders name that journal
		Map<String, Long> bookedBefore = this.ledger.journalIds(booked, PaidSale.JOURNAL_KIND);
		List<Long> journalIds = new ArrayList<>(sales.size());
		List<Orders.OrderSave> orders = new ArrayList<>(sales.size());
		for (int i = 0, j = 0; i < sales.size(); i++) {
			PreparedSale sale = sales.get(i);
			Long journalId = null;
			if (sale.paid() != null) {
				OptionalLong id = posted.get(j++);
				if (id.isPresent()) {
					journalId = id.getAsLong();
					if (sale.payees().inSuspense()) {
						raiseInSuspense(sale);
					}
				}
				else {
					journalId = bookedBefore.get(sale.sale().saleKey());
					if (journalId == null) {
						throw new IllegalStateException("Sale journal of " + sale.sale().saleKey()
								+ " exists (the insert conflicted) but cannot be found");
					}
				}
			}
			journalIds.add(journalId);
			orders.add(new Orders.OrderSave(order(sale.sale(), sale.metadata(), sale.payees(), OrderStatus.PAID,
					journalId), (journalId != null) ? sale.payees().splitRuleVersion() : null));
		}
		this.orders.saveAll(orders);
		return journalIds;
	}

	/**
	 * A paid sale as its event reports it, with who is paid, read and checked, and nothing written yet.
	 * @param event the event reporting it
	 * @param sale the sale
	 * @param metadata its {@code tb_*} metadata
	 * @param payees who is paid, by which rule version
	 * @param paid its sale journal's figures; null for a zero amount (no journal)
	 */
	record PreparedSale(ParsedStripeEvent event, ReportedSale sale, SaleMetadata metadata, Payees payees,
			PaidSale paid) {
	}

	private void raiseInSuspense(PreparedSale prepared) {
		ReportedSale sale = prepared.sale();
		this.alerts.raise(Severity.WARNING, "sale_in_suspense", sale.saleKey(),
				"Sale " + sale.saleKey() + " (" + sale.origin() + ") of " + sale.amountCents() + " " + sale.currency()
						+ " (" + prepared.event().id() + "): " + prepared.payees().suspenseReason()
						+ "; the payee share is held in platform:suspense until a person books it to the right payee",
				"sale_in_suspense:" + sale.saleKey());
	}

	/**
	 * Saves an order still awaiting a delayed payment: no journal.
	 * @param sale the sale as reported
	 * @throws InapplicableEventException if the metadata breaks the conventions
	 */
	void awaiting(ReportedSale sale) {
		SaleMetadata metadata = metadata(sale);
		this.orders.save(new Order(sale.saleKey(), sale.checkoutSessionId(), sale.paymentIntent(), sale.invoiceId(),
				sale.subscriptionId(), metadata.itemType(), metadata.itemId(), metadata.splitRuleId(),
				rawSplit(metadata), false, sale.amountCents(), sale.taxCents(), sale.currency(), sale.paymentStatus(),
				OrderStatus.AWAITING_PAYMENT, null, sale.created(), this.clock.instant()));
	}

	private Order order(ReportedSale sale, SaleMetadata metadata, Payees payees, OrderStatus status, Long journalId) {
		return new Order(sale.saleKey(), sale.checkoutSessionId(), sale.paymentIntent(), sale.invoiceId(),
				sale.subscriptionId(), metadata.itemType(), metadata.itemId(), payees.splitRuleId(),
				payees.splitInline(), payees.inSuspense(), sale.amountCents(), sale.taxCents(), sale.currency(),
				sale.paymentStatus(), status, journalId, sale.created(), this.clock.instant());
	}

	/**
	 * The split rule a sale names and the time its version is chosen at, as {@link #prepare} will look it up.
	 * @param event the event reporting it
	 * @param sale the sale
	 * @return the lookup; empty when the sale names no rule, or when its metadata is malformed ({@link #prepare}
	 * then says why)
	 */
	static Optional<SplitRuleAt> ruleLookup(ParsedStripeEvent event, ReportedSale sale) {
		SaleMetadata metadata;
		try {
			metadata = SaleMetadata.from(sale.metadata());
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		return Optional.ofNullable(metadata.splitRuleId()).map((rule) -> new SplitRuleAt(rule, event.created()));
	}

	/**
	 * Reads the split rule versions of a run of sales in one query.
	 * @param lookups from {@link #ruleLookup}
	 * @return versions in force by lookup, for {@link #prepare(ParsedStripeEvent, ReportedSale, Map)}
	 */
	Map<SplitRuleAt, Optional<SplitRuleVersion>> rulesInForce(List<SplitRuleAt> lookups) {
		return this.payeeResolver.rulesInForce(lookups);
	}

	private Payees payees(SaleMetadata metadata, String saleKey, Instant at,
			Map<SplitRuleAt, Optional<SplitRuleVersion>> inForce) {
		try {
			return this.payeeResolver.resolve(metadata, at, inForce);
		}
		catch (IllegalArgumentException ex) {
			throw new InapplicableEventException("Metadata of " + saleKey + ": " + ex.getMessage(), ex);
		}
	}

	private static SaleMetadata metadata(ReportedSale sale) {
		try {
			return SaleMetadata.from(sale.metadata());
		}
		catch (IllegalArgumentException ex) {
			throw new InapplicableEventException("Metadata of " + sale.saleKey() + ": " + ex.getMessage(), ex);
		}
	}

	private static String rawSplit(SaleMetadata metadata) {
		if (metadata.split() != null) {
			return metadata.split();
		}
		return (metadata.payee() != null) ? metadata.payee() + ":10000" : null;
	}

	/**
	 * Whether metadata names who is paid from a sale (any {@code tb_*} key of {@link SaleMetadata}).
	 * @param metadata an object's metadata
	 * @return true when some {@code tb_} sale key is present
	 */
	static boolean namesASale(Map<String, String> metadata) {
		return metadata.containsKey(SaleMetadata.SPLIT_RULE) || metadata.containsKey(SaleMetadata.SPLIT)
				|| metadata.containsKey(SaleMetadata.PAYEE) || metadata.containsKey(SaleMetadata.ITEM_TYPE)
				|| metadata.containsKey(SaleMetadata.ITEM_ID);
	}

	/**
	 * A lowercase currency code.
	 * @param object a Stripe object
	 * @return its {@code currency}, lowercase
	 * @throws InapplicableEventException if it is missing
	 */
	static String currency(JsonNode object) {
		return EventJson.requireText(object, "currency").toLowerCase(Locale.ROOT);
	}

}
