package com.treasurybatch.shared.stripe.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.stream.Stream;

import com.stripe.StripeClient;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.StripeCollection;
import com.stripe.model.Transfer;
import com.stripe.net.ApiResource;
import com.stripe.net.RawRequestOptions;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeResponse;
import com.stripe.param.BalanceTransactionListParams;
import com.stripe.param.PayoutCreateParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import com.stripe.param.TransferReversalCreateParams;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.treasurybatch.shared.stripe.BalanceTransactionQuery;
import com.treasurybatch.shared.stripe.EventList;
import com.treasurybatch.shared.stripe.EventQuery;
import com.treasurybatch.shared.stripe.IdempotencyKey;
import com.treasurybatch.shared.stripe.PayoutRequest;
import com.treasurybatch.shared.stripe.PlatformBalance;
import com.treasurybatch.shared.stripe.ReversalRequest;
import com.treasurybatch.shared.stripe.StripeAccount;
import com.treasurybatch.shared.stripe.StripeBalanceTransaction;
import com.treasurybatch.shared.stripe.StripeEvent;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripePayout;
import com.treasurybatch.shared.stripe.StripeProperties;
import com.treasurybatch.shared.stripe.StripeReversal;
import com.treasurybatch.shared.stripe.StripeTransfer;
import com.treasurybatch.shared.stripe.TransferRequest;

/**
 * {@link StripeGateway} over stripe-java's {@link StripeClient}, real HTTP to Stripe or to any server speaking its
 * API (the local simulator). stripe-java's own retries are off (it would not retry 429 and would sleep outside
 * the throttle): every request goes through {@link StripeCalls}, which throttles, retries with the caller's
 * idempotency key and times it. Events are read as raw JSON, so events of any API version reach the inbox as
 * Stripe rendered them.
 *
 * <p>Thread-safe; build one per process, so that its throttle is the process's.
 */
public final class HttpStripeGateway implements StripeGateway {

	private static final int MILLIS_PER_SECOND = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StripeClient client;

	private final StripeCalls calls;

	private HttpStripeGateway(StripeClient client, StripeCalls calls) {
		this.client = client;
		this.calls = calls;
	}

	/**
	 * A gateway with its own throttle, configured by the properties.
	 * @param properties key, API base, timeouts, throttle rate, retry bounds
	 * @param registry where {@code treasury.stripe.calls} and {@code treasury.stripe.throttle.wait} go
	 * @throws IllegalArgumentException if no API key is set
	 */
	public static HttpStripeGateway create(StripeProperties properties, MeterRegistry registry) {
		if (!properties.hasApiKey()) {
			throw new IllegalArgumentException("treasury.stripe.api-key (STRIPE_API_KEY) is not set");
		}
		StripeClient.StripeClientBuilder builder = StripeClient.builder()
			.setApiKey(properties.apiKey())
			.setConnectTimeout(properties.connectTimeoutSeconds() * MILLIS_PER_SECOND)
			.setReadTimeout(properties.readTimeoutSeconds() * MILLIS_PER_SECOND)
			.setMaxNetworkRetries(0);
		if (properties.apiBase() != null && !properties.apiBase().isBlank()) {
			builder.setApiBase(properties.apiBase());
		}
		StripeThrottle throttle = new StripeThrottle(properties.effectiveOperationsPerSecond(),
				properties.throttleWaitSecondsMax(), registry);
		return new HttpStripeGateway(builder.build(), new StripeCalls(throttle, RetrySchedule.of(properties), registry));
	}

	@Override
	public StripeTransfer createTransfer(TransferRequest request, IdempotencyKey key) {
		TransferCreateParams params = TransferCreateParams.builder()
			.setAmount(request.amount())
			.setCurrency(request.currency())
			.setDestination(request.destination())
			.setTransferGroup(request.transferGroup())
			.setDescription(request.description())
			.putAllMetadata(request.metadata())
			.build();
		RequestOptions options = keyed(key).build();
		return StripeModels
			.transfer(this.calls.call("transfers.create", () -> this.client.v1().transfers().create(params, options)));
	}

	@Override
	public List<StripeTransfer> transfersInGroup(String transferGroup) {
		Objects.requireNonNull(transferGroup, "transferGroup");
		return PageIterator.stream((startingAfter) -> {
			TransferListParams params = TransferListParams.builder()
				.setTransferGroup(transferGroup)
				.setLimit(100L)
				.setStartingAfter(startingAfter)
				.build();
			StripeCollection<Transfer> page = this.calls.call("transfers.list",
					() -> this.client.v1().transfers().list(params));
			List<StripeTransfer> items = page.getData().stream().map(StripeModels::transfer).toList();
			return new PageIterator.Page<>(items, Boolean.TRUE.equals(page.getHasMore()),
					items.isEmpty() ? null : items.get(items.size() - 1).id());
		}).toList();
	}

	@Override
	public StripeReversal reverseTransfer(ReversalRequest request, IdempotencyKey key) {
		TransferReversalCreateParams params = TransferReversalCreateParams.builder()
			.setAmount(request.amount())
			.putAllMetadata(request.metadata())
			.build();
		RequestOptions options = keyed(key).build();
		return StripeModels.reversal(this.calls.call("transfers.reverse",
				() -> this.client.v1().transfers().reversals().create(request.transferId(), params, options)));
	}

	@Override
	public StripePayout createPayout(PayoutRequest request, IdempotencyKey key) {
		PayoutCreateParams params = PayoutCreateParams.builder()
			.setAmount(request.amount())
			.setCurrency(request.currency())
			.setMethod(PayoutCreateParams.Method.valueOf(request.method().name()))
			.setDescription(request.description())
			.putAllMetadata(request.metadata())
			.build();
		RequestOptions options = keyed(key).setStripeAccount(request.account()).build();
		return StripeModels.payout(
				this.calls.call("payouts.create", () -> this.client.v1().payouts().create(params, options)),
				request.account());
	}

	@Override
	public StripeAccount retrieveAccount(String accountId) {
		Objects.requireNonNull(accountId, "accountId");
		return StripeModels
			.account(this.calls.call("accounts.retrieve", () -> this.client.v1().accounts().retrieve(accountId)));
	}

	@Override
	public PlatformBalance retrieveBalance() {
		return StripeModels.balance(this.calls.call("balance.retrieve", () -> this.client.v1().balance().retrieve()));
	}

	@Override
	public Stream<StripeBalanceTransaction> balanceTransactions(BalanceTransactionQuery query) {
		RequestOptions options = RequestOptions.builder().setStripeAccount(query.account()).build();
		return PageIterator.stream((startingAfter) -> {
			BalanceTransactionListParams params = BalanceTransactionListParams.builder()
				.setCreated(BalanceTransactionListParams.Created.builder()
					.setGte(query.createdFrom().getEpochSecond())
					.setLt(query.createdBefore().getEpochSecond())
					.build())
				.setType(query.type())
				.addExpand("data.source")
				.setLimit((long) query.pageSize())
				.setStartingAfter(startingAfter)
				.build();
			StripeCollection<BalanceTransaction> page = this.calls.call("balance_transactions.list",
					() -> this.client.v1().balanceTransactions().list(params, options));
			List<StripeBalanceTransaction> items = page.getData()
				.stream()
				.map(StripeModels::balanceTransaction)
				.toList();
			return new PageIterator.Page<>(items, Boolean.TRUE.equals(page.getHasMore()),
					items.isEmpty() ? null : items.get(items.size() - 1).id());
		});
	}

	@Override
	public EventList events(EventQuery query) {
		RawRequestOptions options = RawRequestOptions.builder().setStripeAccount(query.account()).build();
		Deque<StripeEvent> oldest = new ArrayDeque<>();
		boolean[] complete = { true };
		PageIterator.stream((startingAfter) -> eventPage(query, startingAfter, options)).forEach((event) -> {
			// Stripe lists newest first: keep the last eventsMax seen, the oldest ones
			oldest.addLast(event);
			if (oldest.size() > query.eventsMax()) {
				oldest.removeFirst();
				complete[0] = false;
			}
		});
		List<StripeEvent> ascending = new ArrayList<>(oldest);
		Collections.reverse(ascending);
		return new EventList(ascending, complete[0]);
	}

	private PageIterator.Page<StripeEvent> eventPage(EventQuery query, String startingAfter,
			RawRequestOptions options) {
		String url = "/v1/events?" + eventsQueryString(query, startingAfter);
		StripeResponse response = this.calls.call("events.list",
				() -> this.client.rawRequest(ApiResource.RequestMethod.GET, url, null, options));
		JsonNode list = JSON.readTree(response.body());
		List<StripeEvent> events = new ArrayList<>();
		for (JsonNode event : list.path("data")) {
			events.add(new StripeEvent(event.path("id").asString(), event.path("type").asString(),
					Instant.ofEpochSecond(event.path("created").asLong()), textOrNull(event.path("account")),
					textOrNull(event.path("api_version")), event.toString()));
		}
		return new PageIterator.Page<>(events, list.path("has_more").asBoolean(false),
				events.isEmpty() ? null : events.get(events.size() - 1).id());
	}

	private static String eventsQueryString(EventQuery query, String startingAfter) {
		StringJoiner params = new StringJoiner("&");
		params.add(param("created[gte]", Long.toString(query.createdFrom().getEpochSecond())));
		for (String type : query.types()) {
			params.add(param("types[]", type));
		}
		if (query.undeliveredOnly()) {
			params.add(param("delivery_success", "false"));
		}
		params.add(param("limit", Integer.toString(query.pageSize())));
		if (startingAfter != null) {
			params.add(param("starting_after", startingAfter));
		}
		return params.toString();
	}

	private static String param(String name, String value) {
		return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String textOrNull(JsonNode node) {
		return (node.isMissingNode() || node.isNull()) ? null : node.asString();
	}

	private static RequestOptions.RequestOptionsBuilder keyed(IdempotencyKey key) {
		Objects.requireNonNull(key, "an idempotency key is required on every POST");
		return RequestOptions.builder().setIdempotencyKey(key.value());
	}

}
