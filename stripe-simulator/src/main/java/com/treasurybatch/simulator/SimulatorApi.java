package com.treasurybatch.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoints the simulator speaks, with Stripe's objects and error codes (docs.stripe.com/api): transfers and
 * their reversals, payouts on connected accounts, accounts, balance, balance transactions, events. Called under
 * the simulator's lock.
 */
final class SimulatorApi {

	/**
	 * One request, as the endpoints see it.
	 * @param method {@code GET} or {@code POST}
	 * @param path e.g. {@code /v1/transfers}
	 * @param scope {@link SimulatorState#PLATFORM} or the {@code Stripe-Account} header
	 * @param params body (POST) or query (GET) parameters
	 * @param idempotencyKey or null
	 */
	record Call(String method, String path, String scope, FormFields params, String idempotencyKey) {
	}

	private static final Pattern REVERSALS = Pattern.compile("/v1/transfers/([^/]+)/reversals");

	private static final Pattern ONE_TRANSFER = Pattern.compile("/v1/transfers/([^/]+)");

	private static final Pattern ONE_PAYOUT = Pattern.compile("/v1/payouts/([^/]+)");

	private static final Pattern ONE_ACCOUNT = Pattern.compile("/v1/accounts/([^/]+)");

	private static final Pattern ONE_CHARGE = Pattern.compile("/v1/charges/([^/]+)");

	private static final Pattern ONE_REFUND = Pattern.compile("/v1/refunds/([^/]+)");

	private static final Pattern ONE_PAYMENT_INTENT = Pattern.compile("/v1/payment_intents/([^/]+)");

	private static final Pattern ONE_INVOICE = Pattern.compile("/v1/invoices/([^/]+)");

	private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

	private static final long SECONDS_PER_DAY = 86_400;

	private static final int STANDARD_PAYOUT_DAYS = 2;

	private static final long EVENT_RETENTION_DAYS = 30;

	private final SimulatorState state;

	SimulatorApi(SimulatorState state) {
		this.state = state;
	}

	SimulatorResponse handle(Call call) {
		String route = call.method() + " " + call.path();
		Matcher matcher;
		if (route.equals("POST /v1/transfers")) {
			return createTransfer(call);
		}
		if (call.method().equals("POST") && (matcher = REVERSALS.matcher(call.path())).matches()) {
			return reverseTransfer(call, matcher.group(1));
		}
		if (route.equals("POST /v1/payouts")) {
			return createPayout(call);
		}
		if (route.equals("GET /v1/balance")) {
			return balance(call.scope());
		}
		if (route.equals("GET /v1/balance_transactions")) {
			SimulatorResponse page = SimulatorLists.scan(call.path(), this.state.balanceTransactions,
					this.state.balanceTransactionPositions, call.scope(),
					SimulatorLists.createdFilter(call.params())
						.and(typeFilter(call.params()))
						.and(sourceFilter(call.params())),
					call.params());
			return call.params().list("expand").contains("data.source") ? expandSources(page) : page;
		}
		if (route.equals("GET /v1/events")) {
			return SimulatorLists.page(call.path(), SimulatorState.newestFirst(this.state.events, call.scope(),
					SimulatorLists.createdFilter(call.params())
						.and(eventFilter(call.params()))
						.and(this::retained)), call.params());
		}
		if (route.equals("GET /v1/transfers")) {
			return listTransfers(call);
		}
		if (route.equals("GET /v1/refunds")) {
			String charge = call.params().get("charge");
			String intent = call.params().get("payment_intent");
			return SimulatorLists.page(call.path(), SimulatorState.newestFirst(this.state.refunds, call.scope(),
					SimulatorLists.createdFilter(call.params())
						.and((refund) -> charge == null || charge.equals(refund.get("charge")))
						.and((refund) -> intent == null || intent.equals(refund.get("payment_intent")))),
					call.params());
		}
		if (call.method().equals("GET") && (matcher = ONE_CHARGE.matcher(call.path())).matches()) {
			return platformObject(call, matcher.group(1), "charge");
		}
		if (call.method().equals("GET") && (matcher = ONE_REFUND.matcher(call.path())).matches()) {
			return platformObject(call, matcher.group(1), "refund");
		}
		if (call.method().equals("GET") && (matcher = ONE_PAYMENT_INTENT.matcher(call.path())).matches()) {
			return platformObject(call, matcher.group(1), "payment_intent");
		}
		if (call.method().equals("GET") && (matcher = ONE_INVOICE.matcher(call.path())).matches()) {
			return platformObject(call, matcher.group(1), "invoice");
		}
		if (call.method().equals("GET") && (matcher = ONE_ACCOUNT.matcher(call.path())).matches()) {
			SimulatedAccount account = this.state.accounts.get(matcher.group(1));
			return (account != null) ? SimulatorResponse.ok(SimulatorObjects.account(account))
					: SimulatorResponse.missing("account", matcher.group(1), "account");
		}
		if (call.method().equals("GET") && (matcher = ONE_TRANSFER.matcher(call.path())).matches()) {
			Map<String, Object> transfer = this.state.transfers.get(matcher.group(1));
			return (transfer != null) ? SimulatorResponse.ok(transfer)
					: SimulatorResponse.missing("transfer", matcher.group(1), "id");
		}
		if (call.method().equals("GET") && (matcher = ONE_PAYOUT.matcher(call.path())).matches()) {
			SimulatorState.Owned payout = this.state.payouts.get(matcher.group(1));
			return (payout != null && payout.scope().equals(call.scope())) ? SimulatorResponse.ok(payout.json())
					: SimulatorResponse.missing("payout", matcher.group(1), "id");
		}
		return SimulatorResponse.error(404, "invalid_request_error", null,
				"Unrecognized request URL (" + call.method() + ": " + call.path() + ").", null, false);
	}

	/**
	 * {@code GET /v1/transfers} (docs.stripe.com/api/transfers/list): the platform's transfers, newest first, in
	 * Stripe's list shape, filtered by {@code transfer_group}, {@code destination} and {@code created}.
	 */
	private SimulatorResponse listTransfers(Call call) {
		if (!call.scope().equals(SimulatorState.PLATFORM)) {
			return SimulatorLists.page("/v1/transfers", List.of(), call.params());
		}
		String group = call.params().get("transfer_group");
		String destination = call.params().get("destination");
		Predicate<Map<String, Object>> filter = SimulatorLists.createdFilter(call.params())
			.and((transfer) -> group == null || group.equals(transfer.get("transfer_group")))
			.and((transfer) -> destination == null || destination.equals(transfer.get("destination")));
		List<Map<String, Object>> newestFirst = new ArrayList<>();
		for (Map<String, Object> transfer : this.state.transfers.values()) {
			if (filter.test(transfer)) {
				newestFirst.add(0, transfer);
			}
		}
		return SimulatorLists.page("/v1/transfers", newestFirst, call.params());
	}

	/** {@code GET /v1/<objects>/{id}} of a platform object, or Stripe's 404 {@code resource_missing}. */
	private SimulatorResponse platformObject(Call call, String id, String type) {
		Map<String, Object> object = SimulatorState.PLATFORM.equals(call.scope()) ? this.state.object(id) : null;
		return (object != null && type.equals(object.get("object"))) ? SimulatorResponse.ok(object)
				: SimulatorResponse.missing(type.replace('_', ' '), id, "id");
	}

	private SimulatorResponse createTransfer(Call call) {
		FormFields params = call.params();
		Money money = Money.parse(params);
		if (money.error() != null) {
			return money.error();
		}
		String destination = params.get("destination");
		if (destination == null) {
			return SimulatorResponse.invalid("parameter_missing", "Missing required param: destination.",
					"destination");
		}
		if (!this.state.accounts.containsKey(destination)) {
			return SimulatorResponse.invalid("resource_missing", "No such destination: '" + destination + "'",
					"destination");
		}
		if (this.state.available(SimulatorState.PLATFORM, money.currency()) < money.amount()) {
			return insufficientFunds();
		}
		String id = this.state.newId("tr_");
		this.state.addAvailable(SimulatorState.PLATFORM, money.currency(), -money.amount());
		this.state.addAvailable(destination, money.currency(), money.amount());
		String txn = this.state.recordBalanceTransaction(SimulatorState.PLATFORM, "transfer", -money.amount(),
				money.currency(), id, "transfer");
		String payment = this.state.newId("py_");
		this.state.recordBalanceTransaction(destination, "payment", money.amount(), money.currency(), payment,
				"charge");
		Map<String, Object> transfer = SimulatorObjects.transfer(id, money, destination, params, txn, payment,
				this.state.now());
		this.state.transfers.put(id, transfer);
		this.state.emit(SimulatorState.PLATFORM, "transfer.created", transfer, null, call.idempotencyKey());
		return SimulatorResponse.ok(transfer);
	}

	private SimulatorResponse reverseTransfer(Call call, String transferId) {
		Map<String, Object> transfer = this.state.transfers.get(transferId);
		if (transfer == null) {
			return SimulatorResponse.missing("transfer", transferId, "id");
		}
		long transferred = (Long) transfer.get("amount");
		long reversedBefore = (Long) transfer.get("amount_reversed");
		long amount = transferred - reversedBefore;
		if (call.params().get("amount") != null) {
			try {
				amount = Long.parseLong(call.params().get("amount"));
			}
			catch (NumberFormatException ex) {
				amount = -1;
			}
		}
		if (amount <= 0 || amount > transferred - reversedBefore) {
			return SimulatorResponse.invalid("parameter_invalid_integer", "Amount must be between 1 and "
					+ (transferred - reversedBefore) + " (what is left of the transfer).", "amount");
		}
		String currency = (String) transfer.get("currency");
		String destination = (String) transfer.get("destination");
		// docs.stripe.com/api/transfer_reversals/object: a transfer_group transfer is reversed only if the
		// destination account's balance covers the reversal
		if (this.state.available(destination, currency) < amount) {
			return SimulatorResponse.error(400, "invalid_request_error", "balance_insufficient",
					"The destination account's balance is too low to reverse " + amount + " " + currency + ".", null,
					true);
		}
		String id = this.state.newId("trr_");
		this.state.addAvailable(SimulatorState.PLATFORM, currency, amount);
		this.state.adjustAvailable(destination, currency, -amount);
		String txn = this.state.recordBalanceTransaction(SimulatorState.PLATFORM, "transfer_refund", amount, currency,
				id, "transfer_reversal");
		this.state.recordBalanceTransaction(destination, "payment_refund", -amount, currency, id, "refund");
		Map<String, Object> previous = new LinkedHashMap<>();
		previous.put("amount_reversed", reversedBefore);
		previous.put("reversed", transfer.get("reversed"));
		Map<String, Object> reversal = SimulatorObjects.reversal(id, amount, currency, transferId,
				call.params().hash("metadata"), txn, this.state.now());
		SimulatorObjects.addReversal(transfer, reversal);
		this.state.emit(SimulatorState.PLATFORM, "transfer.reversed", transfer, previous, call.idempotencyKey());
		return SimulatorResponse.ok(reversal);
	}

	private SimulatorResponse createPayout(Call call) {
		String account = call.scope();
		SimulatedAccount connected = this.state.accounts.get(account);
		if (connected == null) {
			return SimulatorResponse.error(403, "invalid_request_error", "account_invalid",
					"The provided key does not have access to account '" + account
							+ "' (or that account does not exist). Payouts are made on a connected account: send"
							+ " its id in the Stripe-Account header.",
					null, false);
		}
		Money money = Money.parse(call.params());
		if (money.error() != null) {
			return money.error();
		}
		String method = (call.params().get("method") != null) ? call.params().get("method") : "standard";
		if (!method.equals("standard") && !method.equals("instant")) {
			return SimulatorResponse.invalid("parameter_invalid_string", "Invalid method: " + method, "method");
		}
		if (!connected.payoutsEnabled()) {
			return SimulatorResponse.error(400, "invalid_request_error", "payouts_not_allowed",
					"Payouts have been disabled on this account.", null, true);
		}
		if (method.equals("instant") && !connected.instantPayouts()) {
			return SimulatorResponse.error(400, "invalid_request_error", "instant_payouts_unsupported",
					"This account has no external account eligible for Instant Payouts.", "method", true);
		}
		if (this.state.available(account, money.currency()) < money.amount()) {
			return insufficientFunds();
		}
		String id = this.state.newId("po_");
		this.state.addAvailable(account, money.currency(), -money.amount());
		String txn = this.state.recordBalanceTransaction(account, "payout", -money.amount(), money.currency(), id,
				"payout");
		long created = this.state.now();
		long arrival = created + (method.equals("instant") ? 0 : STANDARD_PAYOUT_DAYS * SECONDS_PER_DAY);
		Map<String, Object> payout = SimulatorObjects.payout(id, money, method, call.params(), txn, created, arrival);
		this.state.payouts.put(id, new SimulatorState.Owned(account, payout));
		this.state.emit(account, "payout.created", payout, null, call.idempotencyKey());
		return SimulatorResponse.ok(payout);
	}

	private SimulatorResponse balance(String scope) {
		Map<String, Object> balance = new LinkedHashMap<>();
		List<Map<String, Object>> available = new ArrayList<>();
		List<Map<String, Object>> pending = new ArrayList<>();
		this.state.balances(scope).forEach((currency, amounts) -> {
			available.add(SimulatorObjects.balanceAmount(amounts[0], currency));
			pending.add(SimulatorObjects.balanceAmount(amounts[1], currency));
		});
		balance.put("object", "balance");
		balance.put("available", available);
		balance.put("connect_reserved", List.of());
		balance.put("livemode", false);
		balance.put("pending", pending);
		return SimulatorResponse.ok(balance);
	}

	private static SimulatorResponse insufficientFunds() {
		return SimulatorResponse.error(400, "invalid_request_error", "balance_insufficient",
				"You have insufficient available funds in your Stripe account. Try adding funds directly to your"
						+ " available balance by creating Charges using the 4000000000000077 test card.",
				null, true);
	}

	private static Predicate<Map<String, Object>> typeFilter(FormFields params) {
		String type = params.get("type");
		return (object) -> type == null || type.equals(object.get("type"));
	}

	/** Stripe lists the events of the last 30 days only (docs.stripe.com/api/events). */
	private boolean retained(Map<String, Object> event) {
		return ((Number) event.get("created")).longValue() >= this.state.now() - EVENT_RETENTION_DAYS * SECONDS_PER_DAY;
	}

	private static Predicate<Map<String, Object>> sourceFilter(FormFields params) {
		String source = params.get("source");
		return (object) -> source == null || source.equals(object.get("source"));
	}

	/** {@code expand[]=data.source}: each item's {@code source} id replaced by the object, when it is known. */
	@SuppressWarnings("unchecked")
	private SimulatorResponse expandSources(SimulatorResponse page) {
		if (page.status() != 200) {
			return page;
		}
		Map<String, Object> list = new LinkedHashMap<>(page.body());
		List<Map<String, Object>> expanded = new ArrayList<>();
		for (Map<String, Object> txn : (List<Map<String, Object>>) list.get("data")) {
			Map<String, Object> copy = new LinkedHashMap<>(txn);
			Map<String, Object> source = source((String) txn.get("source"));
			if (source != null) {
				copy.put("source", SimulatorState.deepCopy(source));
			}
			expanded.add(copy);
		}
		list.put("data", expanded);
		return SimulatorResponse.ok(list);
	}

	/** The object a balance transaction's {@code source} names, when the simulator keeps it. */
	private Map<String, Object> source(String id) {
		Map<String, Object> object = this.state.object(id);
		if (object == null && this.state.transfers.containsKey(id)) {
			object = this.state.transfers.get(id);
		}
		if (object == null && this.state.payouts.containsKey(id)) {
			object = this.state.payouts.get(id).json();
		}
		return object;
	}

	private Predicate<Map<String, Object>> eventFilter(FormFields params) {
		List<String> types = new ArrayList<>(params.list("types"));
		if (params.get("type") != null) {
			types.add(params.get("type"));
		}
		String deliverySuccess = params.get("delivery_success");
		return (event) -> (types.isEmpty() || types.contains(event.get("type"))) && (deliverySuccess == null
				|| Boolean.parseBoolean(deliverySuccess) == this.state.deliveredEventIds.contains(event.get("id")));
	}

	/**
	 * An amount and currency from a request, or the error to answer.
	 * @param amount minor units
	 * @param currency lowercase
	 * @param error null when both are valid
	 */
	record Money(long amount, String currency, SimulatorResponse error) {

		static Money parse(FormFields params) {
			String amountText = params.get("amount");
			String currency = params.get("currency");
			if (amountText == null) {
				return new Money(0, currency, SimulatorResponse.invalid("parameter_missing",
						"Missing required param: amount.", "amount"));
			}
			long amount;
			try {
				amount = Long.parseLong(amountText);
			}
			catch (NumberFormatException ex) {
				amount = -1;
			}
			if (amount <= 0) {
				return new Money(0, currency, SimulatorResponse.invalid("parameter_invalid_integer",
						"Invalid positive integer", "amount"));
			}
			if (currency == null || !CURRENCY.matcher(currency).matches()) {
				return new Money(amount, currency, SimulatorResponse.invalid("parameter_missing",
						"Missing or invalid required param: currency.", "currency"));
			}
			return new Money(amount, currency, null);
		}

	}

}
