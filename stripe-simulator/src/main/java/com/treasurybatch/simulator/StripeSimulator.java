package com.treasurybatch.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local Stripe on a loopback port, for the launcher's embedded default, tests and benchmarks. stripe-java
 * reaches it through {@code setApiBase(apiBase())}; requests need {@code Authorization: Bearer sk_test_...}.
 *
 * <p>Speaks {@code POST /v1/transfers}, {@code POST /v1/transfers/{id}/reversals}, {@code POST /v1/payouts}
 * (with {@code Stripe-Account}), {@code GET /v1/accounts/{id}}, {@code GET /v1/balance},
 * {@code GET /v1/balance_transactions}, {@code GET /v1/events}, {@code GET /v1/transfers} (by {@code transfer_group},
 * {@code destination}, {@code created}), {@code GET /v1/transfers/{id}},
 * {@code GET /v1/payouts/{id}}, with Stripe's objects, list objects and error shape.
 *
 * <p>Idempotency as Stripe's API v1 (docs.stripe.com/api/idempotent_requests): keys are scoped per account; a
 * POST whose endpoint began executing saves its status and body under its key; the same key with the same
 * method, path and parameters replays that answer with {@code Idempotent-Replayed: true}; with anything else it
 * is a 400 {@code idempotency_error}. Like Stripe, keys are pruned once 24 hours old (on the simulator's clock):
 * a key reused after that makes a new request.
 *
 * <p>Invariants: every state change happens under one lock, so concurrent requests see a serial order; each
 * idempotency key performs its operation at most once.
 */
public final class StripeSimulator implements AutoCloseable {

	/** A key the simulator accepts (any {@code sk_test_...} does). */
	public static final String API_KEY = "sk_test_simulator";

	private static final int HANDLER_THREADS = 8;

	private static final int DELAY_THREADS = 4;

	private static final int BACKLOG = 256;

	/** How long a saved answer is kept: Stripe removes keys once at least 24 hours old. */
	private static final long KEY_RETENTION_SECONDS = 24 * 60 * 60;

	private static final JsonMapper JSON = JsonMapper.builder().build();


	/**
	 * A rendered answer.
	 * @param status HTTP status
	 * @param body JSON bytes
	 * @param headers extra headers
	 */
	private record Answer(int status, byte[] body, Map<String, String> headers) {

		Answer withHeader(String name, String value) {
			Map<String, String> more = new LinkedHashMap<>(this.headers);
			more.put(name, value);
			return new Answer(this.status, this.body, more);
		}

	}

	/**
	 * What a key was first used for, and its answer.
	 * @param fingerprint method, path and canonical parameters
	 * @param answer the saved answer
	 * @param savedAt when it was saved, unix seconds on the simulator's clock
	 */
	private record Saved(String fingerprint, Answer answer, long savedAt) {
	}

	private final HttpServer server;

	private final ExecutorService handlers;

	private final ScheduledExecutorService delays;

	private final SimulatorFaults faults = new SimulatorFaults();

	private final WebhookSender webhooks;

	private final SimulatorState state;

	private final SimulatorApi api;

	private final SimulatorPayments payments;

	private final SimulatorMoneyBack moneyBack;

	private final Map<String, Saved> idempotency = new HashMap<>();

	private final List<SimulatorRequest> requests = new ArrayList<>();

	private final Map<String, AtomicInteger> requestsPerKey = new ConcurrentHashMap<>();

	private final AtomicInteger replays = new AtomicInteger();

	private final AtomicLong requestIds = new AtomicLong();

	private StripeSimulator(int port, Clock clock) throws IOException {
		this.webhooks = new WebhookSender(clock);
		this.state = new SimulatorState(clock, this::publish);
		this.api = new SimulatorApi(this.state);
		this.payments = new SimulatorPayments(this.state);
		this.moneyBack = new SimulatorMoneyBack(this.state);
		this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, daemon("stripe-simulator-"));
		this.delays = Executors.newScheduledThreadPool(DELAY_THREADS, daemon("stripe-simulator-latency-"));
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
		this.server.setExecutor(this.handlers);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Starts a simulator on a free loopback port, timed by the system clock. */
	public static StripeSimulator start() {
		return start(0, Clock.systemUTC());
	}

	/**
	 * Starts a simulator.
	 * @param port loopback port, 0 for a free one
	 * @param clock gives the objects' {@code created} times
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public static StripeSimulator start(int port, Clock clock) {
		try {
			return new StripeSimulator(port, clock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Stripe simulator on port " + port, ex);
		}
	}

	/** The base URL for stripe-java's {@code setApiBase}, e.g. {@code http://127.0.0.1:41234}. */
	public String apiBase() {
		return "http://" + this.server.getAddress().getAddress().getHostAddress() + ":" + port();
	}

	/** The bound port. */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/** The fault settings, changeable at any time. */
	public SimulatorFaults faults() {
		return this.faults;
	}

	/** Adds or replaces a connected account, silently (no event). */
	public void seedAccount(SimulatedAccount account) {
		synchronized (this.state) {
			this.state.accounts.put(account.id(), account);
		}
	}

	/** Replaces a connected account and emits {@code account.updated} (a Connect event), as onboarding would. */
	public void updateAccount(SimulatedAccount account) {
		synchronized (this.state) {
			Map<String, Object> previous = this.state.accounts.containsKey(account.id())
					? Map.of("payouts_enabled", this.state.accounts.get(account.id()).payoutsEnabled()) : null;
			this.state.accounts.put(account.id(), account);
			this.state.emit(account.id(), "account.updated", SimulatorObjects.account(account), previous, null);
		}
	}

	/**
	 * Sets the platform balance in one currency (an opening balance: no balance transaction).
	 * @param currency lowercase ISO code
	 * @param availableCents minor units available for transfers
	 * @param pendingCents minor units pending
	 */
	public void seedBalance(String currency, long availableCents, long pendingCents) {
		synchronized (this.state) {
			this.state.setBalance(SimulatorState.PLATFORM, currency, availableCents, pendingCents);
		}
	}

	/** Marks every pending payout paid and emits {@code payout.paid} for each (Connect events); returns how many. */
	public int payPendingPayouts() {
		synchronized (this.state) {
			int paid = 0;
			for (SimulatorState.Owned payout : this.state.payouts.values()) {
				if ("pending".equals(payout.json().get("status"))) {
					payout.json().put("status", "paid");
					this.state.emit(payout.scope(), "payout.paid", payout.json(), Map.of("status", "pending"), null);
					paid++;
				}
			}
			return paid;
		}
	}

	/**
	 * Stripe's scheduled payout of a connected account (its {@code settings.payouts.schedule}, daily): the whole
	 * available balance in one currency paid out to its bank account, {@code automatic: true}, no metadata; emits
	 * {@code payout.created} (a Connect event). Nothing when the balance is zero or the account's payouts are disabled
	 * (Stripe stops scheduled payouts after a failure until the external account is updated).
	 * @param account {@code acct_...}
	 * @param currency lowercase ISO code
	 * @return the payout id, or null when nothing was paid out
	 */
	public String payOutBalance(String account, String currency) {
		synchronized (this.state) {
			SimulatedAccount connected = this.state.accounts.get(account);
			long amount = this.state.available(account, currency);
			if (connected == null || !connected.payoutsEnabled() || amount <= 0) {
				return null;
			}
			String id = this.state.newId("po_");
			this.state.adjustAvailable(account, currency, -amount);
			String txn = this.state.recordBalanceTransaction(account, "payout", -amount, currency, id, "payout");
			long now = this.state.now();
			Map<String, Object> payout = SimulatorObjects.payout(id, new SimulatorApi.Money(amount, currency, null),
					"standard", FormFields.parse(""), txn, now, now + 2 * 86_400);
			payout.put("automatic", true);
			this.state.payouts.put(id, new SimulatorState.Owned(account, payout));
			this.state.emit(account, "payout.created", payout, null, null);
			return id;
		}
	}

	/** The total of a connected account's payouts in a currency that were paid ({@code status} paid), minor units. */
	public long paidOutTo(String account, String currency) {
		synchronized (this.state) {
			return this.state.payouts.values()
				.stream()
				.filter((payout) -> payout.scope().equals(account) && "paid".equals(payout.json().get("status"))
						&& currency.equals(payout.json().get("currency")))
				.mapToLong((payout) -> (Long) payout.json().get("amount"))
				.sum();
		}
	}

	/**
	 * Fails a pending payout, returns its funds to the account's balance and emits {@code payout.failed}.
	 * @param payoutId {@code po_...}
	 * @param failureCode e.g. {@code account_closed}
	 * @throws IllegalArgumentException if there is no such pending payout
	 */
	public void failPayout(String payoutId, String failureCode) {
		synchronized (this.state) {
			SimulatorState.Owned payout = this.state.payouts.get(payoutId);
			if (payout == null || !"pending".equals(payout.json().get("status"))) {
				throw new IllegalArgumentException("No pending payout " + payoutId);
			}
			long amount = (Long) payout.json().get("amount");
			String currency = (String) payout.json().get("currency");
			this.state.adjustAvailable(payout.scope(), currency, amount);
			String txn = this.state.recordBalanceTransaction(payout.scope(), "payout_failure", amount, currency,
					payoutId, "payout_reversal");
			payout.json().put("status", "failed");
			payout.json().put("failure_code", failureCode);
			payout.json().put("failure_message", "The payout failed: " + failureCode);
			payout.json().put("failure_balance_transaction", txn);
			this.state.emit(payout.scope(), "payout.failed", payout.json(), Map.of("status", "pending"), null);
		}
	}

	/**
	 * A buyer pays a Checkout Session in payment mode by card, without tax, settled in its own currency: see
	 * {@link #completeCheckout(SimulatedOrder)}.
	 * @param amountCents gross, minor units, positive
	 * @param currency lowercase ISO code
	 * @param stripeFeeCents Stripe's processing fee, minor units
	 * @param metadata the session's metadata ({@code tb_payee}, {@code tb_split}, ...)
	 * @return the ids made
	 */
	public SimulatedSale completeCheckout(long amountCents, String currency, long stripeFeeCents,
			Map<String, String> metadata) {
		return completeCheckout(SimulatedOrder.of(amountCents, currency, stripeFeeCents, metadata));
	}

	/**
	 * A buyer pays a Checkout Session in payment mode by card (docs.stripe.com/payments/checkout/fulfill-orders):
	 * the charge's balance transaction (type {@code charge}, Stripe's fee as one {@code stripe_fee} line, in the
	 * settlement currency with {@code exchange_rate} when converted) moves the platform balance by its net; events
	 * {@code payment_intent.succeeded} (the PaymentIntent's own metadata only), {@code charge.succeeded},
	 * {@code checkout.session.completed} ({@code amount_subtotal}, {@code total_details.amount_tax},
	 * {@code amount_total}; {@code payment_intent} an id, never expanded).
	 * @return the ids made; its event is the {@code checkout.session.completed}
	 */
	public SimulatedSale completeCheckout(SimulatedOrder order) {
		synchronized (this.state) {
			return this.payments.checkoutPayment(order);
		}
	}

	/**
	 * A PaymentIntent paid without Checkout (e.g. a mobile payment sheet), with {@code order.metadata()} as its
	 * metadata: events {@code payment_intent.succeeded}, {@code charge.succeeded}; the charge's balance transaction
	 * as in {@link #completeCheckout(SimulatedOrder)}.
	 * @return the ids made (no session); its event is the {@code payment_intent.succeeded}
	 */
	public SimulatedSale payPaymentIntent(SimulatedOrder order) {
		synchronized (this.state) {
			return this.payments.paymentIntent(order);
		}
	}

	/**
	 * A buyer completes a Checkout Session with a delayed payment method (ACH Direct Debit): event
	 * {@code checkout.session.completed} with {@code payment_status: unpaid}, the PaymentIntent {@code processing};
	 * no charge and no balance transaction yet. Follow with {@link #succeedDelayedCheckout} or
	 * {@link #failDelayedCheckout}.
	 * @return the session and PaymentIntent ids (charge and balance transaction null)
	 */
	public SimulatedSale startDelayedCheckout(SimulatedOrder order) {
		synchronized (this.state) {
			return this.payments.startDelayedCheckout(order);
		}
	}

	/**
	 * The delayed payment of a session settles: the charge and its balance transaction, events
	 * {@code payment_intent.succeeded}, {@code charge.succeeded}, {@code checkout.session.async_payment_succeeded}.
	 * @param checkoutSessionId {@code cs_...} of {@link #startDelayedCheckout}
	 * @return the ids made; its event is the {@code checkout.session.async_payment_succeeded}
	 * @throws IllegalArgumentException if that session awaits no delayed payment
	 */
	public SimulatedSale succeedDelayedCheckout(String checkoutSessionId) {
		synchronized (this.state) {
			return this.payments.succeedDelayedCheckout(checkoutSessionId);
		}
	}

	/**
	 * The delayed payment of a session fails: no money moves; events {@code payment_intent.payment_failed},
	 * {@code checkout.session.async_payment_failed}.
	 * @throws IllegalArgumentException if that session awaits no delayed payment
	 */
	public void failDelayedCheckout(String checkoutSessionId) {
		synchronized (this.state) {
			this.payments.failDelayedCheckout(checkoutSessionId);
		}
	}

	/**
	 * A buyer subscribes through Checkout in subscription mode (docs.stripe.com/billing/subscriptions/webhooks):
	 * events {@code customer.subscription.created} (metadata {@code order.metadata()}), {@code invoice.paid}
	 * (subscription and its metadata under {@code parent.subscription_details}, tax in {@code total_taxes}),
	 * {@code invoice_payment.paid} (naming the invoice and {@code payment.payment_intent}),
	 * {@code payment_intent.succeeded}, {@code charge.succeeded}, then {@code checkout.session.completed} (mode
	 * {@code subscription}, {@code payment_intent: null}, {@code invoice}, {@code subscription}). Stripe does not
	 * guarantee the order of these events.
	 * @return the ids of the subscription and its first invoice
	 */
	public SimulatedInvoice completeSubscriptionCheckout(SimulatedOrder order) {
		synchronized (this.state) {
			return this.payments.checkoutSubscription(order);
		}
	}

	/**
	 * A subscription renews: a new invoice (billing reason {@code subscription_cycle}) paid for the same amounts;
	 * events {@code invoice.paid}, {@code invoice_payment.paid}, {@code payment_intent.succeeded},
	 * {@code charge.succeeded}.
	 * @param subscriptionId {@code sub_...} of {@link #completeSubscriptionCheckout}
	 * @throws IllegalArgumentException if there is no such subscription
	 */
	public SimulatedInvoice renewSubscription(String subscriptionId) {
		synchronized (this.state) {
			return this.payments.renewSubscription(subscriptionId);
		}
	}

	/**
	 * Refunds part or all of a charge, succeeded at once (docs.stripe.com/api/refunds): balance transaction
	 * {@code refund} (negative, no fee, in the charge's settlement currency), events {@code refund.created} and
	 * {@code charge.refunded} (the charge's cumulative {@code amount_refunded}, no {@code refunds} list).
	 * @param chargeId {@code ch_...}
	 * @param amountCents minor units of the charge's currency, at most what is left of the charge
	 * @return the refund id {@code re_...}
	 * @throws IllegalArgumentException if there is no such charge or the amount is too large
	 */
	public String refundCharge(String chargeId, long amountCents) {
		synchronized (this.state) {
			return this.moneyBack.refund(chargeId, amountCents, false);
		}
	}

	/**
	 * As {@link #refundCharge} but the refund stays {@code pending} (its balance transaction is there already);
	 * follow with {@link #succeedRefund} or {@link #failRefund}.
	 * @return the refund id {@code re_...}
	 */
	public String refundChargePending(String chargeId, long amountCents) {
		synchronized (this.state) {
			return this.moneyBack.refund(chargeId, amountCents, true);
		}
	}

	/**
	 * A pending refund succeeds: events {@code charge.refund.updated}, {@code refund.updated}.
	 * @throws IllegalArgumentException if there is no such pending refund
	 */
	public void succeedRefund(String refundId) {
		synchronized (this.state) {
			this.moneyBack.succeedRefund(refundId);
		}
	}

	/**
	 * A pending refund fails (docs.stripe.com/refunds#failed-refunds): balance transaction {@code refund_failure}
	 * (positive, source the refund), the refund {@code failed} with {@code failure_reason} and
	 * {@code failure_balance_transaction}; events {@code charge.refund.updated}, {@code refund.updated},
	 * {@code refund.failed}.
	 * @param failureReason e.g. {@code expired_or_canceled_card}, {@code lost_or_stolen_card}, {@code unknown}
	 * @throws IllegalArgumentException if there is no such pending refund
	 */
	public void failRefund(String refundId, String failureReason) {
		synchronized (this.state) {
			this.moneyBack.failRefund(refundId, failureReason);
		}
	}

	/**
	 * A buyer disputes a charge (docs.stripe.com/disputes/how-disputes-work): Stripe withdraws the amount and its
	 * dispute fee (balance transaction {@code adjustment}, reporting category {@code dispute}, amount minus the
	 * disputed amount, fee the dispute fee as a {@code stripe_fee} line {@code Dispute fee}, in the charge's
	 * settlement currency); events {@code charge.dispute.created}, {@code charge.dispute.funds_withdrawn}; the
	 * dispute's {@code balance_transactions} lists it as a full object.
	 * @param chargeId {@code ch_...}
	 * @param amountCents disputed minor units of the charge's currency
	 * @param disputeFeeCents Stripe's dispute fee, e.g. 1500, minor units of the settlement currency
	 * @return the dispute id {@code du_...}
	 * @throws IllegalArgumentException if there is no such charge
	 */
	public String disputeCharge(String chargeId, long amountCents, long disputeFeeCents) {
		synchronized (this.state) {
			return this.moneyBack.dispute(chargeId, amountCents, disputeFeeCents);
		}
	}

	/**
	 * Closes a dispute. Won: the disputed amount comes back (balance transaction {@code adjustment}, reporting
	 * category {@code dispute_reversal}, positive; with the dispute fee when {@code disputeFeeReturned}, as a
	 * negative fee line), event {@code charge.dispute.funds_reinstated}. Lost: nothing comes back. Then
	 * {@code charge.dispute.closed} with status {@code won} or {@code lost}.
	 * @throws IllegalArgumentException if there is no such open dispute
	 */
	public void closeDispute(String disputeId, boolean won, boolean disputeFeeReturned) {
		synchronized (this.state) {
			this.moneyBack.closeDispute(disputeId, won, disputeFeeReturned);
		}
	}

	/**
	 * The platform pays out to its own bank account: balance transaction {@code payout} and a platform
	 * {@code payout.created}.
	 * @return the payout id {@code po_...}
	 */
	public String payoutPlatform(long amountCents, String currency) {
		synchronized (this.state) {
			return this.payments.platformPayout(amountCents, currency);
		}
	}

	/**
	 * Changes Stripe's fee on the balance transaction of an object after the fact (and its net), as when the fee
	 * recorded in a webhook differs from the one Stripe settled.
	 * @param sourceId {@code ch_...}, {@code re_...}, ...
	 * @param feeCents the new fee, minor units
	 * @throws IllegalArgumentException if no balance transaction has that source
	 */
	public void reviseFee(String sourceId, long feeCents) {
		synchronized (this.state) {
			this.payments.reviseFee(sourceId, feeCents);
		}
	}

	/**
	 * Records a settled charge on the platform silently (its balance transaction and its charge naming its payment
	 * intent; no event, no balance change), for benchmarks that need many balance transactions fast.
	 * @param chargeId {@code ch_...}
	 * @param paymentIntentId {@code pi_...}
	 * @param amountCents gross
	 * @param stripeFeeCents Stripe's fee
	 * @param currency lowercase ISO code
	 * @return the balance transaction id
	 */
	public String seedCharge(String chargeId, String paymentIntentId, long amountCents, long stripeFeeCents,
			String currency) {
		synchronized (this.state) {
			String txn = this.state.recordBalanceTransaction(SimulatorState.PLATFORM, "charge", amountCents,
					stripeFeeCents, currency, chargeId, "charge");
			this.state.seeded.put(chargeId,
					new SimulatorState.SeededCharge(chargeId, paymentIntentId, amountCents, currency, txn, this.state.now()));
			return txn;
		}
	}

	/** Every event so far, platform and Connect, in creation order. */
	public List<SimulatedEvent> events() {
		synchronized (this.state) {
			return this.state.events.stream().map((owned) -> {
				String id = (String) owned.json().get("id");
				return new SimulatedEvent(id, (String) owned.json().get("type"), JSON.writeValueAsString(owned.json()),
						this.state.deliveredEventIds.contains(id));
			}).toList();
		}
	}

	/**
	 * Records that a receiver acknowledged an event (as a 2xx from a webhook delivery would): it is then listed
	 * by {@code delivery_success=true}, not by {@code delivery_success=false}.
	 * @param eventId {@code evt_...}
	 */
	public void markDelivered(String eventId) {
		synchronized (this.state) {
			this.state.delivered(eventId);
		}
	}

	/**
	 * Posts every event created from now on to a receiver, signed with the secret (one attempt each).
	 * @param receiver e.g. {@code http://127.0.0.1:8080/webhooks/stripe}
	 * @param secret {@code whsec_...}
	 */
	public void deliverWebhooksTo(URI receiver, String secret) {
		this.webhooks.target(new WebhookSender.Target(receiver, secret));
	}

	/** Stops posting webhooks; later events stay undelivered. */
	public void stopWebhooks() {
		this.webhooks.target(null);
	}

	/** How many transfers were made to a connected account. */
	public int transfersTo(String destination) {
		synchronized (this.state) {
			return (int) this.state.transfers.values()
				.stream()
				.filter((transfer) -> destination.equals(transfer.get("destination")))
				.count();
		}
	}

	/** Every transfer the platform made, in creation order. */
	public List<SimulatedTransfer> transfers() {
		synchronized (this.state) {
			return this.state.transfers.values()
				.stream()
				.map((transfer) -> new SimulatedTransfer((String) transfer.get("id"),
						(String) transfer.get("destination"), ((Number) transfer.get("amount")).longValue(),
						((Number) transfer.get("amount_reversed")).longValue(), (String) transfer.get("currency"),
						(String) transfer.get("transfer_group"), ((Number) transfer.get("created")).longValue()))
				.toList();
		}
	}

	/** How many transfers exist. */
	public int transferCount() {
		synchronized (this.state) {
			return this.state.transfers.size();
		}
	}

	/** How many payouts were made on a connected account. */
	public int payoutsOn(String account) {
		synchronized (this.state) {
			return (int) this.state.payouts.values().stream().filter((payout) -> payout.scope().equals(account)).count();
		}
	}

	/** The platform's available minor units in a currency. */
	public long platformAvailable(String currency) {
		synchronized (this.state) {
			return this.state.available(SimulatorState.PLATFORM, currency);
		}
	}

	/** A connected account's available minor units in a currency. */
	public long accountAvailable(String account, String currency) {
		synchronized (this.state) {
			return this.state.available(account, currency);
		}
	}

	/** Types of every event so far, platform and Connect, in creation order. */
	public List<String> eventTypes() {
		synchronized (this.state) {
			return this.state.events.stream().map((event) -> (String) event.json().get("type")).toList();
		}
	}

	/** How many events a receiver acknowledged with a 2xx. */
	public int eventsDelivered() {
		synchronized (this.state) {
			return this.state.deliveredEventIds.size();
		}
	}

	/** How many requests carried this idempotency key, faulted, replayed and refused ones included. */
	public int requestsWithIdempotencyKey(String key) {
		AtomicInteger count = this.requestsPerKey.get(key);
		return (count != null) ? count.get() : 0;
	}

	/** How many answers were replays of a saved result. */
	public int replays() {
		return this.replays.get();
	}

	/** Every request received so far, in arrival order. */
	public List<SimulatorRequest> requests() {
		synchronized (this.requests) {
			return List.copyOf(this.requests);
		}
	}

	/** Forgets the received requests (counters per key included), e.g. between benchmark phases. */
	public void clearRequests() {
		synchronized (this.requests) {
			this.requests.clear();
		}
		this.requestsPerKey.clear();
		this.replays.set(0);
	}

	/** Stops the server and its threads. */
	@Override
	public void close() {
		this.server.stop(0);
		this.webhooks.close();
		this.delays.shutdownNow();
		this.handlers.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		Instant receivedAt = Instant.now();
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getRawPath();
		Headers headers = exchange.getRequestHeaders();
		String key = headers.getFirst("Idempotency-Key");
		String account = headers.getFirst("Stripe-Account");
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		synchronized (this.requests) {
			this.requests.add(new SimulatorRequest(receivedAt, method, path, key, account));
		}
		if (key != null) {
			this.requestsPerKey.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		}
		Answer answer;
		try {
			answer = answer(method, path, exchange.getRequestURI().getRawQuery(), body, headers, key, account);
		}
		catch (RuntimeException ex) {
			answer = render(SimulatorResponse.error(500, "api_error", null, "Simulator failure: " + ex, null, false));
		}
		Answer ready = answer;
		long latency = this.faults.latencyMillis();
		if (latency > 0) {
			this.delays.schedule(() -> write(exchange, ready), latency, TimeUnit.MILLISECONDS);
		}
		else {
			write(exchange, ready);
		}
	}

	private Answer answer(String method, String path, String query, byte[] body, Headers headers, String key,
			String account) {
		String authorization = headers.getFirst("Authorization");
		if (authorization == null || !authorization.startsWith("Bearer sk_test_")) {
			return render(SimulatorResponse.error(401, "invalid_request_error", null,
					"Invalid API Key provided: the simulator takes test-mode secret keys (sk_test_...).", null,
					false));
		}
		if (this.faults.takeRateLimit(path)) {
			Answer limited = render(SimulatorResponse.error(429, "invalid_request_error", "rate_limit",
					"Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
					null, false));
			int retryAfter = this.faults.retryAfterSeconds();
			return (retryAfter >= 0) ? limited.withHeader("Retry-After", Integer.toString(retryAfter)) : limited;
		}
		if (this.faults.takeServerError(path)) {
			return render(SimulatorResponse.error(this.faults.serverErrorStatus(), "api_error", null,
					"An unknown error occurred", null, false));
		}
		boolean post = method.equals("POST");
		FormFields params = FormFields.parse(post ? new String(body, StandardCharsets.UTF_8) : query);
		SimulatorApi.Call call = new SimulatorApi.Call(method, path,
				(account != null) ? account : SimulatorState.PLATFORM, params, key);
		Answer answer;
		synchronized (this.state) {
			answer = (post && key != null) ? idempotent(call) : render(this.api.handle(call));
		}
		if (post && answer.status() == 200 && !answer.headers().containsKey("Idempotent-Replayed")
				&& this.faults.takeFailAfterCommit(path)) {
			return render(SimulatorResponse.error(500, "api_error", null,
					"An unknown error occurred (injected after the request was performed)", null, true));
		}
		return answer;
	}

	private Answer idempotent(SimulatorApi.Call call) {
		String scopedKey = call.scope() + " " + call.idempotencyKey();
		String fingerprint = call.method() + " " + call.path() + " " + call.params().canonical();
		Saved saved = this.idempotency.get(scopedKey);
		if (saved != null && this.state.now() - saved.savedAt() >= KEY_RETENTION_SECONDS) {
			this.idempotency.remove(scopedKey);
			saved = null;
		}
		if (saved == null) {
			SimulatorResponse response = this.api.handle(call);
			Answer answer = render(response);
			if (response.executed()) {
				this.idempotency.put(scopedKey, new Saved(fingerprint, answer, this.state.now()));
			}
			return answer;
		}
		if (!saved.fingerprint().equals(fingerprint)) {
			return render(SimulatorResponse.error(400, "idempotency_error", null,
					"Keys for idempotent requests can only be used with the same parameters they were first used"
							+ " with. Try using a key other than '" + call.idempotencyKey()
							+ "' if you meant to execute a different request.",
					null, false));
		}
		this.replays.incrementAndGet();
		return saved.answer().withHeader("Idempotent-Replayed", "true");
	}

	private void publish(SimulatorState.Owned event) {
		this.webhooks.send((String) event.json().get("id"), JSON.writeValueAsBytes(event.json()), (eventId) -> {
			synchronized (this.state) {
				this.state.delivered(eventId);
			}
		});
	}

	private Answer render(SimulatorResponse response) {
		Map<String, String> headers = new LinkedHashMap<>(response.headers());
		return new Answer(response.status(), JSON.writeValueAsBytes(response.body()), headers);
	}

	private void write(HttpExchange exchange, Answer answer) {
		try (exchange) {
			Headers headers = exchange.getResponseHeaders();
			headers.set("Content-Type", "application/json");
			headers.set("Request-Id", requestId());
			headers.set("Stripe-Version", SimulatorState.API_VERSION);
			answer.headers().forEach(headers::set);
			exchange.sendResponseHeaders(answer.status(), answer.body().length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer.body());
			}
		}
		catch (IOException ex) {
			// the client went away (timeout): nothing to answer
		}
	}

	private String requestId() {
		return String.format("req_1Sim%016d", this.requestIds.incrementAndGet());
	}

	private static ThreadFactory daemon(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
