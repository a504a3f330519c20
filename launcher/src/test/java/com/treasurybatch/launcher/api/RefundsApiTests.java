package com.treasurybatch.launcher.api;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.treasurybatch.launcher.cli.TreasuryCli;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.simulator.SimulatedEvent;
import com.treasurybatch.simulator.SimulatedOrder;
import com.treasurybatch.simulator.SimulatedSale;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Refunds from the desk against the application's own Stripe simulator over HTTP: the API sends one Stripe refund
 * however often the call is retried, and the ledger books it once, from Stripe's {@code refund.created}, when
 * {@code inbox-processing} runs. Buyers' requests (the product's service user) wait for OPS to approve or decline.
 */
@OperationsTest
class RefundsApiTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String HOST = "acct_1RefundDeskHost";

	@Autowired
	MockMvc mvc;

	@Autowired
	StripeSimulator stripe;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	ApplicationContext context;

	private int staged;

	@BeforeEach
	void setUp() {
		this.staged = this.stripe.events().size();
	}

	@Test
	void a_refund_by_ops_is_one_stripe_refund_and_one_refund_journal_also_when_the_call_is_retried() throws Exception {
		SimulatedSale sale = bookedSale();
		String body = "{\"request_id\": \"desk-refund-1\", \"payment_intent\": \"" + sale.paymentIntentId()
				+ "\", \"amount\": 2500, \"reason\": \"show cancelled for this seat row\"}";

		this.mvc.perform(as("finance", post("/api/refunds")).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isForbidden());
		String first = this.mvc
			.perform(as("ops", post("/api/refunds")).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("ISSUED"))
			.andExpect(jsonPath("$.amountCents").value(2500))
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode issued = JSON.readTree(first);
		String refundId = issued.get("stripeRefundId").asString();
		assertThat(refundId).startsWith("re_");
		// the call retried (a lost answer, a double click): same request, same Stripe refund
		this.mvc.perform(as("ops", post("/api/refunds")).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").value(issued.get("id").asLong()))
			.andExpect(jsonPath("$.stripeRefundId").value(refundId));
		assertThat(refundsAtStripe(sale)).isEqualTo(1);
		assertThat(this.stripe.requestsWithIdempotencyKey("refund-request:" + issued.get("id").asLong())).isEqualTo(1);

		// 100.00 paid, 25.00 refunded: 75.00 left; 80.00 is refused with the figures
		this.mvc.perform(as("ops", post("/api/refunds")).contentType(MediaType.APPLICATION_JSON)
			.content("{\"request_id\": \"desk-refund-2\", \"payment_intent\": \"" + sale.paymentIntentId()
					+ "\", \"amount\": 8000, \"reason\": \"too much\"}"))
			.andExpect(status().is(422))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.left_cents").value(7500))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
					"7500 = 10000 paid - 0 refunded - 2500 approved and not yet booked")));

		stageNewEvents();
		assertThat(cli("jobs", "start", "inbox-processing")).isZero();
		stageNewEvents();
		assertThat(cli("jobs", "start", "inbox-processing")).isZero();

		// the sale: fee 10 % = 10.00, payee 90.00; refunding 25 % takes back 2.50 of the fee and 22.50 from the payee
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'refund'"
				+ " AND source_id = ?", Long.class, refundId)).isEqualTo(1);
		assertThat(this.ledger.lines(this.ledger.journalId(refundId, "refund").orElseThrow())).containsExactlyInAnyOrder(
				JournalLine.debit(LedgerAccounts.PLATFORM_FEE_REVENUE, 250, "usd"),
				JournalLine.debit(LedgerAccounts.payable(HOST), 2_250, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 2_500, "usd"));

		// booked now: still 75.00 left, the same retried call still refunds nothing more
		this.mvc.perform(as("ops", post("/api/refunds")).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.stripeRefundId").value(refundId));
		assertThat(refundsAtStripe(sale)).isEqualTo(1);
		assertThat(this.jdbc.queryForList("SELECT outcome FROM audit_log WHERE action = 'refund.issue'"
				+ " AND parameters::text LIKE '%desk-refund-%' ORDER BY id", String.class))
			.containsExactly("ok", "ok", "refused", "ok");
	}

	@Test
	void buyers_requests_wait_for_ops_who_approve_one_and_decline_another() throws Exception {
		SimulatedSale sale = bookedSale();
		long approved = request("buyer-req-1", sale, 1_000);
		long declined = request("buyer-req-2", sale, 500);
		this.mvc.perform(as("finance", post("/api/refund-requests")).contentType(MediaType.APPLICATION_JSON)
			.content(requestBody("buyer-req-3", sale, 100))).andExpect(status().isForbidden());
		this.mvc.perform(as("product", post("/api/refund-requests/{id}/approve", approved)))
			.andExpect(status().isForbidden());
		this.mvc.perform(as("finance", get("/api/refund-requests").param("status", "REQUESTED")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.id == " + approved + ")].status").value(org.hamcrest.Matchers.hasItem("REQUESTED")));
		assertThat(refundsAtStripe(sale)).isZero();

		this.mvc.perform(as("ops", post("/api/refund-requests/{id}/approve", approved)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("ISSUED"))
			.andExpect(jsonPath("$.decidedBy").value("ops"));
		this.mvc.perform(as("ops", post("/api/refund-requests/{id}/approve", approved)))
			.andExpect(status().isConflict());
		this.mvc.perform(as("ops", post("/api/refund-requests/{id}/decline", declined))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\": \"outside the refund policy (show took place)\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DECLINED"))
			.andExpect(jsonPath("$.decisionReason").value("outside the refund policy (show took place)"));
		this.mvc.perform(as("ops", post("/api/refund-requests/{id}/decline", declined))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\": \"again\"}"))
			.andExpect(status().isConflict());
		assertThat(refundsAtStripe(sale)).isEqualTo(1);
		assertThat(this.jdbc.queryForList("SELECT action || ' ' || outcome || ' ' || actor FROM audit_log"
				+ " WHERE target IN (?, ?) ORDER BY id", String.class, "refund_request:" + approved,
				"refund_request:" + declined))
			.containsExactly("refund.request ok product", "refund.request ok product", "refund.approve ok ops",
					"refund.approve refused ops", "refund.decline ok ops", "refund.decline refused ops");
	}

	private long request(String requestId, SimulatedSale sale, long amount) throws Exception {
		String answer = this.mvc
			.perform(as("product", post("/api/refund-requests")).contentType(MediaType.APPLICATION_JSON)
				.content(requestBody(requestId, sale, amount)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("REQUESTED"))
			.andExpect(jsonPath("$.origin").value("BUYER"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JSON.readTree(answer).get("id").asLong();
	}

	private static String requestBody(String requestId, SimulatedSale sale, long amount) {
		return "{\"request_id\": \"" + requestId + "\", \"payment_intent\": \"" + sale.paymentIntentId()
				+ "\", \"amount\": " + amount + ", \"reason\": \"cannot attend\", \"stripe_reason\": \"requested_by_customer\"}";
	}

	/** A 100.00 sale paying HOST, booked by inbox-processing. */
	private SimulatedSale bookedSale() {
		SimulatedSale sale = this.stripe
			.completeCheckout(SimulatedOrder.of(10_000, "usd", 320, Map.of("tb_payee", HOST)));
		stageNewEvents();
		assertThat(cli("jobs", "start", "inbox-processing")).isZero();
		assertThat(this.ledger.journalId(sale.paymentIntentId(), "sale")).isPresent();
		return sale;
	}

	private long refundsAtStripe(SimulatedSale sale) {
		return this.stripe.events()
			.stream()
			.filter((event) -> event.type().equals("refund.created") && event.json().contains(sale.chargeId()))
			.count();
	}

	private void stageNewEvents() {
		List<SimulatedEvent> all = this.stripe.events();
		for (SimulatedEvent event : all.subList(this.staged, all.size())) {
			JsonNode json = JSON.readTree(event.json());
			if (json.path("account").isString()) {
				continue;
			}
			this.jdbc.update("""
					INSERT INTO webhook_inbox (event_id, type, api_version, account, livemode, created, payload, source)
					VALUES (?, ?, ?, NULL, false, ?, ?::jsonb, 'WEBHOOK') ON CONFLICT (event_id) DO NOTHING""",
					event.id(), event.type(), json.path("api_version").asString(),
					Timestamp.from(Instant.ofEpochSecond(json.path("created").asLong())), event.json());
		}
		this.staged = all.size();
	}

	private int cli(String... args) {
		StringWriter out = new StringWriter();
		return TreasuryCli.execute(this.context, args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
	}

	private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
		return request.with(httpBasic(user, user + "-password"));
	}

}
