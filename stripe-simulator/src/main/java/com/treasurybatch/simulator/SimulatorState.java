package com.treasurybatch.simulator;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the simulated Stripe holds: connected accounts, balances per account and currency, transfers, reversals,
 * payouts, balance transactions and events, each object kept as the JSON map Stripe would render. Not
 * thread-safe: the simulator calls it under one lock.
 *
 * <p>Invariants: a balance never goes below zero through a transfer or payout (those are refused with
 * {@code balance_insufficient}); every transfer, reversal and payout has its balance transactions and its event.
 */
final class SimulatorState {

	/** The scope of the platform's own balance, transactions and events. */
	static final String PLATFORM = "platform";

	/** {@code fee_details} description of Stripe's processing fee. */
	static final String PROCESSING_FEES = "Stripe processing fees";

	/** API version rendered in events, the one stripe-java 33.3.0 pins. */
	static final String API_VERSION = "2026-07-29.dahlia";

	private static final String ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final int ID_RANDOM_CHARS = 20;

	/**
	 * An object with the scope it belongs to: {@link #PLATFORM} or a connected account id.
	 * @param scope whose it is
	 * @param json the object
	 */
	record Owned(String scope, Map<String, Object> json) {
	}

	/** A subscription's fixed parts: what each of its invoices charges, and how many it had. */
	static final class Plan {

		private final String subscription;

		private final String customer;

		private final String item;

		private final String price;

		private final String product;

		private final String paymentMethod;

		private final SimulatedOrder order;

		int invoices;

		Plan(String subscription, String customer, String item, String price, String product, String paymentMethod,
				SimulatedOrder order) {
			this.subscription = subscription;
			this.customer = customer;
			this.item = item;
			this.price = price;
			this.product = product;
			this.paymentMethod = paymentMethod;
			this.order = order;
		}

		String subscription() {
			return this.subscription;
		}

		String customer() {
			return this.customer;
		}

		String item() {
			return this.item;
		}

		String price() {
			return this.price;
		}

		String product() {
			return this.product;
		}

		String paymentMethod() {
			return this.paymentMethod;
		}

		SimulatedOrder order() {
			return this.order;
		}

	}

	private final Clock clock;

	private final Random random = new Random();

	final Map<String, SimulatedAccount> accounts = new LinkedHashMap<>();

	final Map<String, Map<String, Object>> transfers = new LinkedHashMap<>();

	final Map<String, Owned> payouts = new LinkedHashMap<>();

	final List<Owned> balanceTransactions = new ArrayList<>();

	/** Position of each balance transaction in {@link #balanceTransactions} (append-only), for paging by id. */
	final Map<String, Integer> balanceTransactionPositions = new HashMap<>();

	final List<Owned> events = new ArrayList<>();

	final Set<String> deliveredEventIds = new HashSet<>();

	/**
	 * Every object by id that is not kept elsewhere (charges, refunds, disputes, payment intents, Checkout Sessions,
	 * subscriptions, invoices, invoice payments, platform payouts): what a balance transaction's {@code source}
	 * expands to, and what the {@code GET} endpoints answer.
	 */
	final Map<String, Map<String, Object>> sources = new HashMap<>();

	/**
	 * A charge seeded silently, kept small (benchmarks seed 100,000) and rendered as a full charge when read.
	 * @param id {@code ch_...}
	 * @param paymentIntent {@code pi_...}
	 * @param amount minor units
	 * @param currency lowercase ISO code
	 * @param balanceTransaction {@code txn_...}
	 * @param created unix seconds
	 */
	record SeededCharge(String id, String paymentIntent, long amount, String currency, String balanceTransaction,
			long created) {

		Map<String, Object> render() {
			return SimulatorPaymentObjects.charge(this.id, this.amount, this.currency, this.paymentIntent,
					"pm_" + this.id.substring(3), SimulatorPaymentObjects.CARD, this.balanceTransaction, Map.of(),
					null, this.created);
		}

	}

	/** Every refund, oldest first, for {@code GET /v1/refunds}. */
	final List<Owned> refunds = new ArrayList<>();

	/** Seeded charges not changed since, by id. */
	final Map<String, SeededCharge> seeded = new HashMap<>();

	/** Orders of Checkout Sessions awaiting a delayed payment, by session id. */
	final Map<String, SimulatedOrder> delayedOrders = new HashMap<>();

	/** Subscriptions' plans, by subscription id. */
	final Map<String, Plan> plans = new HashMap<>();

	/** How each charge settled (its currency and rate; rate 1 when not converted), by charge id. */
	final Map<String, SimulatedSettlement> settlements = new HashMap<>();

	private final Map<String, Map<String, long[]>> balances = new HashMap<>();

	private final Consumer<Owned> eventListener;

	SimulatorState(Clock clock, Consumer<Owned> eventListener) {
		this.clock = clock;
		this.eventListener = eventListener;
	}

	/** An id like Stripe's: prefix, then 24 letters and digits. */
	String newId(String prefix) {
		StringBuilder id = new StringBuilder(prefix).append("1Sim");
		for (int i = 0; i < ID_RANDOM_CHARS; i++) {
			id.append(ID_ALPHABET.charAt(this.random.nextInt(ID_ALPHABET.length())));
		}
		return id.toString();
	}

	/** Now, in unix seconds. */
	long now() {
		return this.clock.instant().getEpochSecond();
	}

	/** Available minor units of a scope in a currency. */
	long available(String scope, String currency) {
		return amounts(scope, currency)[0];
	}

	/** Pending minor units of a scope in a currency. */
	long pending(String scope, String currency) {
		return amounts(scope, currency)[1];
	}

	void setBalance(String scope, String currency, long available, long pending) {
		long[] amounts = amounts(scope, currency);
		amounts[0] = available;
		amounts[1] = pending;
	}

	/** Adds a signed amount to the available balance; callers check for overdrafts first. */
	void addAvailable(String scope, String currency, long delta) {
		amounts(scope, currency)[0] += delta;
		if (amounts(scope, currency)[0] < 0) {
			throw new IllegalStateException("Balance of " + scope + " in " + currency + " went negative");
		}
	}

	/** Adds a signed amount to the available balance, which may go negative (a reversal on a connected account). */
	void adjustAvailable(String scope, String currency, long delta) {
		amounts(scope, currency)[0] += delta;
	}

	/** Currencies in which a scope has a balance entry. */
	Map<String, long[]> balances(String scope) {
		return this.balances.getOrDefault(scope, Map.of());
	}

	/** Records a balance transaction without fee; returns its id. */
	String recordBalanceTransaction(String scope, String type, long amount, String currency, String source,
			String reportingCategory) {
		return recordBalanceTransaction(scope, type, amount, List.of(), currency, source, reportingCategory, null,
				null);
	}

	/** Records a balance transaction with Stripe's processing fee (one {@code stripe_fee} line); returns its id. */
	String recordBalanceTransaction(String scope, String type, long amount, long fee, String currency, String source,
			String reportingCategory) {
		return recordBalanceTransaction(scope, type, amount,
				(fee == 0) ? List.of() : List.of(feeDetail(fee, currency, PROCESSING_FEES)), currency, source,
				reportingCategory, null, null);
	}

	/**
	 * Records a balance transaction as Stripe renders it (docs.stripe.com/api/balance_transactions/object): its
	 * {@code fee} is the sum of its {@code fee_details}, {@code net} is {@code amount - fee}; funds are available at
	 * once ({@code available_on} = {@code created}, status {@code available}). The balance is not moved: see
	 * {@link #book}.
	 * @param amount signed minor units of {@code currency} (the settlement currency)
	 * @param exchangeRate presentment to settlement rate, or null when both currencies are the same
	 * @param description Stripe's description, or null
	 * @return the id {@code txn_...}
	 */
	String recordBalanceTransaction(String scope, String type, long amount, List<Map<String, Object>> feeDetails,
			String currency, String source, String reportingCategory, BigDecimal exchangeRate, String description) {
		long fee = 0;
		for (Map<String, Object> detail : feeDetails) {
			fee += ((Number) detail.get("amount")).longValue();
		}
		Map<String, Object> txn = SimulatorTemplates.copy("balance_transaction");
		String id = newId("txn_");
		long created = now();
		txn.put("id", id);
		txn.put("amount", amount);
		txn.put("available_on", created);
		txn.put("balance_type", "payments");
		txn.put("created", created);
		txn.put("currency", currency);
		txn.put("description", description);
		txn.put("exchange_rate", exchangeRate);
		txn.put("fee", fee);
		txn.put("fee_details", new ArrayList<>(feeDetails));
		txn.put("net", amount - fee);
		txn.put("reporting_category", reportingCategory);
		txn.put("source", source);
		txn.put("status", "available");
		txn.put("type", type);
		this.balanceTransactionPositions.put(id, this.balanceTransactions.size());
		this.balanceTransactions.add(new Owned(scope, txn));
		return id;
	}

	/**
	 * Records a balance transaction on the platform and moves the platform's available balance by its net (which
	 * may go negative, as a refund or dispute can take it).
	 * @return the balance transaction
	 */
	Map<String, Object> book(String type, long amount, List<Map<String, Object>> feeDetails, String currency,
			String source, String reportingCategory, BigDecimal exchangeRate, String description) {
		String id = recordBalanceTransaction(PLATFORM, type, amount, feeDetails, currency, source, reportingCategory,
				exchangeRate, description);
		Map<String, Object> txn = balanceTransaction(id);
		adjustAvailable(PLATFORM, currency, ((Number) txn.get("net")).longValue());
		return txn;
	}

	/** The balance transaction with this id. */
	Map<String, Object> balanceTransaction(String id) {
		return this.balanceTransactions.get(this.balanceTransactionPositions.get(id)).json();
	}

	/** One {@code fee_details} line of Stripe's own fees (type {@code stripe_fee}). */
	static Map<String, Object> feeDetail(long fee, String currency, String description) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("amount", fee);
		detail.put("application", null);
		detail.put("currency", currency);
		detail.put("description", description);
		detail.put("type", "stripe_fee");
		return detail;
	}

	/** The balance transaction whose {@code source} is this object id, or null. */
	Map<String, Object> balanceTransactionOf(String sourceId) {
		for (Owned owned : this.balanceTransactions) {
			if (sourceId.equals(owned.json().get("source"))) {
				return owned.json();
			}
		}
		return null;
	}

	/**
	 * Records an event about an object and hands it to the webhook listener.
	 * @param scope {@link #PLATFORM}, or the connected account of a Connect event (rendered as {@code account})
	 * @param type e.g. {@code transfer.created}
	 * @param object a snapshot is taken
	 * @param previousAttributes the changed fields' old values, or null
	 * @param idempotencyKey the key of the request that caused it, or null
	 */
	void emit(String scope, String type, Map<String, Object> object, Map<String, Object> previousAttributes,
			String idempotencyKey) {
		Map<String, Object> event = SimulatorTemplates.copy("event");
		event.put("id", newId("evt_"));
		if (!PLATFORM.equals(scope)) {
			event.put("account", scope);
		}
		event.put("api_version", API_VERSION);
		event.put("created", now());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("object", deepCopy(object));
		if (previousAttributes != null) {
			data.put("previous_attributes", deepCopy(previousAttributes));
		}
		event.put("data", data);
		event.put("livemode", false);
		event.put("pending_webhooks", 1);
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("id", (idempotencyKey != null) ? newId("req_") : null);
		request.put("idempotency_key", idempotencyKey);
		event.put("request", request);
		event.put("type", type);
		Owned owned = new Owned(scope, event);
		this.events.add(owned);
		this.eventListener.accept(owned);
	}

	/** An object by id as it is now (a seeded charge rendered afresh), or null. */
	Map<String, Object> object(String id) {
		Map<String, Object> object = this.sources.get(id);
		if (object == null && this.seeded.containsKey(id)) {
			return this.seeded.get(id).render();
		}
		return object;
	}

	/** An object by id to change in place (a seeded charge becomes a kept one), or null. */
	Map<String, Object> objectForUpdate(String id) {
		SeededCharge seededCharge = this.seeded.remove(id);
		if (seededCharge != null) {
			this.sources.put(id, seededCharge.render());
		}
		return this.sources.get(id);
	}

	/** The id of the newest event. */
	String lastEventId() {
		return (String) this.events.get(this.events.size() - 1).json().get("id");
	}

	/** Marks an event's webhook delivered. */
	void delivered(String eventId) {
		this.deliveredEventIds.add(eventId);
		this.events.stream()
			.filter((owned) -> eventId.equals(owned.json().get("id")))
			.forEach((owned) -> owned.json().put("pending_webhooks", 0));
	}

	/** The objects of one scope that match, newest first. */
	static List<Map<String, Object>> newestFirst(List<Owned> objects, String scope,
			Predicate<Map<String, Object>> filter) {
		List<Map<String, Object>> found = new ArrayList<>();
		for (int i = objects.size() - 1; i >= 0; i--) {
			Owned owned = objects.get(i);
			if (owned.scope().equals(scope) && filter.test(owned.json())) {
				found.add(owned.json());
			}
		}
		return found;
	}

	/** A copy of nested maps and lists, so that later changes to an object do not rewrite its past events. */
	@SuppressWarnings("unchecked")
	static <T> T deepCopy(T value) {
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> copy.put(key, deepCopy(item)));
			return (T) copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((item) -> copy.add(deepCopy(item)));
			return (T) copy;
		}
		return value;
	}

	private long[] amounts(String scope, String currency) {
		return this.balances.computeIfAbsent(scope, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(currency, (key) -> new long[2]);
	}

}
