package com.treasurybatch.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.launcher.cli.TreasuryCli;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.sales.SplitRule;
import com.treasurybatch.shared.sales.SplitRules;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeSignatures;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.SimulatedEvent;
import com.treasurybatch.simulator.SimulatedInvoice;
import com.treasurybatch.simulator.SimulatedOrder;
import com.treasurybatch.simulator.SimulatedSale;
import com.treasurybatch.simulator.SimulatedTransfer;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A month of sales closed as operations close it, end to end, through the README's verbs only: the Stripe
 * simulator (on a clock the test moves day by day, so that every object is created on its business date) posts
 * its signed webhooks to this server's receiver, except a few that are never delivered; every night
 * {@code jobs start inbox-processing} and {@code jobs start ledger-snapshots date=<day>} (the day's balance
 * snapshot, at 00:15 as scheduled), {@code jobs start inbox-processing}, {@code jobs start webhook-backfill} (which
 * fetches the missed events), {@code jobs start inbox-processing} again,
 * {@code jobs start stripe-reconciliation date=<day>} (then
 * {@code reconciliation show <day>} must say CLEAN: zero discrepancies, ledger sound including the cash check),
 * {@code ledger trial-balance} (balanced), and {@code jobs start nightly-payouts date=<day>}.
 *
 * <p>November 2026, business zone UTC, five Express payees onboarded in October. Every day: a Checkout sale with
 * Stripe Tax split three ways by {@code tb_split}, a Checkout sale without tax split by a split rule (15% platform
 * fee), a Checkout sale to one {@code tb_payee}. Across the month: a subscription (Checkout in subscription mode,
 * with tax) renewed weekly, a delayed payment that succeeds and one that fails, a PaymentIntent sale without
 * Checkout, three partial refunds that add up to the full refund of a split taxed sale, a partial refund, a refund
 * that fails, a lost and a won dispute (Stripe keeps its 15.00 dispute fee on both), a sale presented in eur and
 * settled in usd. Undelivered on purpose: a whole Checkout sale, a refund's events, a renewal's events, the lost
 * dispute's close.
 *
 * <p>Settings: {@code cool-off-days=3} (a sale's credits wait three nights; the nights of December 1 to 4 pay the
 * last of November), the risk rules out of the way ({@code new-account-days=0}, threshold 1: with the onboarding
 * more than a week old, at most 0.4 + 0.3 fire; the rules have their own tests, and a hold would only delay a
 * payee by a review), minimum payout 5.00 (default).
 *
 * <p>Once November is booked and reconciled, before its last night is paid, the desk's views of every payee must
 * agree, per currency: the balance of {@code GET /api/payees/{account}}, the running balance of the last line of
 * {@code GET /api/payees/{account}/entries} (paged by cursor) and the sum of its lines, the payee's line of
 * {@code GET /api/payees} (what the console's money page and the payables of {@code GET /api/accounts} sum), the
 * ledger's own sum of the payable account, and the closing balance of the payee's November {@code payee-statement}
 * ({@code reports generate}, downloaded through {@code GET /api/reports/{id}/download}), whose movements are the
 * month's lines one for one; and the usd balance is what the month owed the payee less what Stripe has transferred.
 *
 * <p>Expected figures are worked out here by plain arithmetic from the order amounts: platform fee and payee
 * shares by the largest remainder method (floors, then the cents left over to the largest remainders, ties to the
 * lower index; the ledger README's rule), refunds by cumulative allocation over the sale's credit lines, the eur
 * sale's lines allocated again from its usd amount.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.stripe.secret=" + StripeSignatures.TEST_SECRET,
				"spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=month-end-to-end-tests",
				"treasury.security.users-file=target/test-classes/test-users.properties", "treasury.actor=erin",
				"treasury.stripe.api-key=" + StripeSimulator.API_KEY, "treasury.stripe.operations-per-second=2000",
				"treasury.stripe.retry-attempts-max=3", "treasury.stripe.retry-delay-base-millis=2",
				"treasury.stripe.retry-delay-max-millis=20", "treasury.payouts.cool-off-days=3",
				"treasury.payouts.new-account-days=0", "treasury.payouts.risk-threshold=1",
				"treasury.payouts.partitions=2", "treasury.reconciliation.fetch-threads=1",
				"treasury.operations.recovery-interval-seconds=3600", "treasury.zone=UTC" })
@PostgresTest
class MonthEndToEndTests {

	private static final ZoneId ZONE = ZoneOffset.UTC;

	private static final LocalDate FIRST = LocalDate.of(2026, 11, 1);

	private static final LocalDate LAST = LocalDate.of(2026, 11, 30);

	/** The last night paid: LAST + cool-off, and one more day reconciled for its transfers. */
	private static final LocalDate LAST_NIGHT = LAST.plusDays(4);

	private static final String VENUE = "acct_1MonthVenueHallA";

	private static final String ARTIST = "acct_1MonthArtistNovB";

	private static final String PROMOTER = "acct_1MonthPromoterC";

	private static final String CREATOR = "acct_1MonthCreatorMiD";

	private static final String GALLERY = "acct_1MonthGalleryOwE";

	private static final List<String> PAYEES = List.of(VENUE, ARTIST, PROMOTER, CREATOR, GALLERY);

	private static final String RULE = "sr_month_gallery";

	/** The split rule: 15% platform fee, the rest 70/30; the ledger reads its shares by payee account. */
	private static final Map<String, Integer> RULE_SHARES = new TreeMap<>(Map.of(GALLERY, 7000, VENUE, 3000));

	private static final int RULE_FEE_BPS = 1500;

	private static final int DEFAULT_FEE_BPS = 1000;

	private static final long DISPUTE_FEE = 1500;

	private static final BigDecimal EUR_USD = new BigDecimal("1.0843");

	/** How a statement prints a movement's time. */
	private static final DateTimeFormatter MOVED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);

	private static final SteppedClock CLOCK = new SteppedClock(Instant.parse("2026-10-20T09:00:00Z"));

	private static final StripeSimulator STRIPE = StripeSimulator.start(0, CLOCK);

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	Ledger ledger;

	@Autowired
	SplitRules splitRules;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	/** Events the simulator was told not to deliver. */
	private final Set<String> undelivered = new HashSet<>();

	/** While webhooks are held back: the index of the first event held back, else -1. */
	private int holdBackFrom = -1;

	/** What each payee is owed, worked out from the orders, minor units of usd. */
	private final Map<String, Long> owed = new TreeMap<>();

	private long taxPayable;

	private long stripeFees;

	private final Map<String, Booked> sales = new LinkedHashMap<>();

	@DynamicPropertySource
	static void stripe(DynamicPropertyRegistry registry) {
		registry.add("treasury.stripe.api-base", STRIPE::apiBase);
	}

	@AfterAll
	static void stopStripe() {
		STRIPE.close();
	}

	@Test
	void aMonthReconcilesCleanEveryDayAndPaysEveryPayeeExactlyItsShare() throws Exception {

		STRIPE.seedBalance("usd", 0, 0);
		STRIPE.deliverWebhooksTo(URI.create("http://127.0.0.1:" + this.port + "/webhooks/stripe"),
				StripeSignatures.TEST_SECRET);
		// split rules have no verb yet: created as the product side creates them, the rule and its shares together
		this.transaction.executeWithoutResult((status) -> this.splitRules.create(new SplitRule(RULE,
				"gallery and venue", OptionalInt.of(RULE_FEE_BPS),
				RULE_SHARES.entrySet().stream().map((share) -> new Share(share.getKey(), share.getValue())).toList())));
		for (String payee : PAYEES) {
			STRIPE.updateAccount(SimulatedAccount.active(payee, CLOCK.instant()));
			advanceClock(Duration.ofMinutes(5));
		}
		awaitDeliveries();
		run("jobs", "start", "inbox-processing");

		Month month = new Month();
		for (LocalDate day = FIRST; !day.isAfter(LAST_NIGHT); day = day.plusDays(1)) {
			setClock(day.atTime(9, 0).atZone(ZONE).toInstant());
			if (!day.isAfter(LAST)) {
				month.sell(day);
			}
			closeDay(day);
		}

		Map<String, List<SimulatedTransfer>> transfers = STRIPE.transfers()
			.stream()
			.collect(Collectors.groupingBy(SimulatedTransfer::destination, TreeMap::new, Collectors.toList()));
		Map<String, Long> transferred = new TreeMap<>();
		transfers.forEach((payee, list) -> transferred.put(payee,
				list.stream().mapToLong((t) -> t.amountCents() - t.amountReversedCents()).sum()));
		System.out.printf("month closed: transferred %s, tax payable %d, Stripe fees %d, cash at Stripe %d usd%n",
				transferred, this.taxPayable, this.stripeFees, STRIPE.platformAvailable("usd"));
		assertThat(transferred).as("every payee's transfers at Stripe, usd minor units").isEqualTo(this.owed);
		for (Map.Entry<String, List<SimulatedTransfer>> payee : transfers.entrySet()) {
			assertThat(payee.getValue()).allSatisfy((transfer) -> assertThat(transfer.currency()).isEqualTo("usd"));
			assertThat(payee.getValue().stream().map(SimulatedTransfer::transferGroup).distinct().count())
				.as("one transfer per payee and night: %s", payee.getValue())
				.isEqualTo(payee.getValue().size());
			assertThat(payee.getValue().stream()
				.map((transfer) -> Instant.ofEpochSecond(transfer.created()).atZone(ZONE).toLocalDate())
				.distinct()
				.count()).as("nights of %s", payee.getKey()).isEqualTo(payee.getValue().size());
			assertThat(this.ledger.balance("payable:" + payee.getKey(), "usd").balanceCents())
				.as("nothing left owed to %s", payee.getKey())
				.isZero();
		}
		assertThat(this.ledger.balance("platform:tax_payable", "usd").balanceCents())
			.as("tax collected minus tax refunded")
			.isEqualTo(this.taxPayable);
		assertThat(this.ledger.balance("platform:stripe_fees", "usd").balanceCents())
			.as("Stripe's processing and dispute fees")
			.isEqualTo(this.stripeFees);
		assertThat(this.ledger.balance("platform:cash", "usd").balanceCents()).as("cash at Stripe, usd")
			.isEqualTo(STRIPE.platformAvailable("usd"));
		assertThat(this.ledger.balance("platform:cash", "eur").balanceCents()).as("cash at Stripe, eur")
			.isEqualTo(STRIPE.platformAvailable("eur"))
			.isZero();
		assertThat(this.ledger.balance("platform:suspense", "usd").balanceCents()).isZero();
		assertThat(this.jdbc.queryForList("SELECT kind || ' ' || subject || ': ' || message FROM alerts"
				+ " WHERE severity = 'CRITICAL'", String.class)).as("critical alerts").isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM payouts WHERE status <> 'TRANSFERRED'", Long.class))
			.as("payouts not transferred")
			.isZero();
	}

	/** One business day's sales and money back, and the expected figures they make. */
	private final class Month {

		private final Map<Integer, SimulatedSale> splitSales = new TreeMap<>();

		private final Map<Integer, SimulatedSale> creatorSales = new TreeMap<>();

		private SimulatedInvoice subscription;

		private SimulatedSale delayedSucceeding;

		private SimulatedSale delayedFailing;

		private String failingRefund;

		private String lostDispute;

		private String wonDispute;

		void sell(LocalDate day) {
			int d = day.getDayOfMonth();
			// a ticket with Stripe Tax (8.25%), split 50/30/20 inline
			long subtotal = 6000 + 113L * d;
			long tax = subtotal * 825 / 10000;
			this.splitSales.put(d, checkout(order(subtotal, tax, "tb_split", threeWay()), threeWayShares(),
					DEFAULT_FEE_BPS));
			// an artwork without tax, split by the rule
			checkout(order(3000 + 71L * d, 0, "tb_split_rule", RULE), RULE_SHARES, RULE_FEE_BPS);
			// a tip to one creator; day 4's events are never delivered (the backfill fetches them)
			Map<String, Integer> creator = Map.of(CREATOR, 10000);
			SimulatedOrder tip = order(2000 + 53L * d, 0, "tb_payee", CREATOR);
			this.creatorSales.put(d, (d == 4) ? undelivered(() -> checkout(tip, creator, DEFAULT_FEE_BPS))
					: checkout(tip, creator, DEFAULT_FEE_BPS));
			switch (d) {
				case 2 -> this.subscription = subscribe();
				case 3 -> this.delayedSucceeding = delayed(5600, PROMOTER);
				case 5 -> refund(this.splitSales.get(2), 2000);
				case 6 -> {
					succeed(this.delayedSucceeding, PROMOTER);
					refund(this.creatorSales.get(1), 1000);
				}
				case 7 -> this.failingRefund = refundPending(this.creatorSales.get(3), 1200);
				case 8 -> {
					failRefund(this.failingRefund);
					this.delayedFailing = delayed(3100, ARTIST);
				}
				case 9 -> {
					renew();
					undelivered(() -> refund(this.splitSales.get(2), 2500));
				}
				case 10 -> paymentIntent(4200, GALLERY);
				case 11 -> fail(this.delayedFailing);
				case 12 -> {
					eurSale();
					this.lostDispute = dispute(this.splitSales.get(10));
				}
				case 14 -> this.wonDispute = dispute(this.creatorSales.get(13));
				case 15 -> refund(this.splitSales.get(2), MonthEndToEndTests.this.sales.get(this.splitSales.get(2).chargeId()).left());
				case 16 -> undelivered(this::renew);
				case 20 -> undelivered(() -> closeDispute(this.lostDispute, false));
				case 22 -> closeDispute(this.wonDispute, true);
				case 23, 30 -> renew();
				default -> {
				}
			}
		}

		private SimulatedSale checkout(SimulatedOrder order, Map<String, Integer> shares, int feeBps) {
			SimulatedSale sale = STRIPE.completeCheckout(order);
			book(sale.chargeId(), order, shares, feeBps);
			tick();
			return sale;
		}

		private SimulatedInvoice subscribe() {
			SimulatedOrder order = order(1500, 124, "tb_split", ARTIST + ":6000," + PROMOTER + ":4000");
			SimulatedInvoice invoice = STRIPE.completeSubscriptionCheckout(order);
			book(invoice.chargeId(), order, subscriptionShares(), DEFAULT_FEE_BPS);
			tick();
			return invoice;
		}

		private void renew() {
			SimulatedInvoice renewal = STRIPE.renewSubscription(this.subscription.subscriptionId());
			book(renewal.chargeId(), order(1500, 124, "tb_split", ARTIST + ":6000," + PROMOTER + ":4000"),
					subscriptionShares(), DEFAULT_FEE_BPS);
			tick();
		}

		private SimulatedSale delayed(long amount, String payee) {
			SimulatedSale started = STRIPE.startDelayedCheckout(order(amount, 0, "tb_payee", payee));
			tick();
			return started;
		}

		private void succeed(SimulatedSale started, String payee) {
			SimulatedSale paid = STRIPE.succeedDelayedCheckout(started.checkoutSessionId());
			book(paid.chargeId(), order(started.amountCents(), 0, "tb_payee", payee), Map.of(payee, 10000),
					DEFAULT_FEE_BPS);
			tick();
		}

		private void fail(SimulatedSale started) {
			STRIPE.failDelayedCheckout(started.checkoutSessionId());
			tick();
		}

		private void paymentIntent(long amount, String payee) {
			SimulatedOrder order = order(amount, 0, "tb_payee", payee);
			SimulatedSale sale = STRIPE.payPaymentIntent(order);
			book(sale.chargeId(), order, Map.of(payee, 10000), DEFAULT_FEE_BPS);
			tick();
		}

		/**
		 * 88.00 eur split 50/30/20, settled at 1.0843: 9541.84 -> 9542 usd cents. Its eur lines, fee 880 and
		 * payees 3960/2376/1584, allocated again from 9542: 954.2/4293.9/2576.1/1717.4 -> floors 954/4293/2576/1717
		 * (9540), the two cents left to the remainders .9 (venue) and .4 (promoter): 954/4294/2576/1718.
		 */
		private void eurSale() {
			SimulatedOrder order = order(8800, 0, "eur", "tb_split", threeWay()).settledIn("usd", EUR_USD);
			STRIPE.completeCheckout(order);
			long usd = EUR_USD.multiply(BigDecimal.valueOf(8800)).setScale(0, java.math.RoundingMode.HALF_UP)
				.longValueExact();
			Booked eur = lines(8800, 0, threeWayShares(), DEFAULT_FEE_BPS);
			long[] converted = largestRemainder(usd, eur.weights());
			for (int i = 0; i < converted.length; i++) {
				credit(eur.accounts().get(i), converted[i]);
			}
			MonthEndToEndTests.this.stripeFees += order.stripeFeeCents();
			tick();
		}

		private void refund(SimulatedSale sale, long amount) {
			STRIPE.refundCharge(sale.chargeId(), amount);
			MonthEndToEndTests.this.sales.get(sale.chargeId()).refund(amount);
			tick();
		}

		/** A refund that will fail: booked now, given back when it fails. */
		private String refundPending(SimulatedSale sale, long amount) {
			String refund = STRIPE.refundChargePending(sale.chargeId(), amount);
			tick();
			return refund;
		}

		private void failRefund(String refund) {
			STRIPE.failRefund(refund, "expired_or_canceled_card");
			tick();
		}

		/** A dispute of the whole charge: the payees' parts are their whole shares. */
		private String dispute(SimulatedSale sale) {
			String dispute = STRIPE.disputeCharge(sale.chargeId(), sale.amountCents(), DISPUTE_FEE);
			MonthEndToEndTests.this.stripeFees += DISPUTE_FEE;
			disputed.put(dispute, sale.chargeId());
			tick();
			return dispute;
		}

		private final Map<String, String> disputed = new LinkedHashMap<>();

		/** Won: costs the payees nothing, Stripe keeps its fee. Lost: the payees lose their shares. */
		private void closeDispute(String dispute, boolean won) {
			STRIPE.closeDispute(dispute, won, false);
			if (!won) {
				Booked sale = MonthEndToEndTests.this.sales.get(this.disputed.get(dispute));
				for (int i = 0; i < sale.accounts().size(); i++) {
					if (PAYEES.contains(sale.accounts().get(i))) {
						credit(sale.accounts().get(i), -sale.weights()[i]);
					}
				}
			}
			tick();
		}

		private void book(String chargeId, SimulatedOrder order, Map<String, Integer> shares, int feeBps) {
			Booked sale = lines(order.totalCents(), order.taxCents(), shares, feeBps);
			for (int i = 0; i < sale.accounts().size(); i++) {
				credit(sale.accounts().get(i), sale.weights()[i]);
			}
			MonthEndToEndTests.this.sales.put(chargeId, sale);
			MonthEndToEndTests.this.stripeFees += order.stripeFeeCents();
		}

	}

	/**
	 * A sale's credit lines in journal order (tax, platform fee, payees in share order; zero lines left out) and its
	 * refunds so far.
	 */
	private final class Booked {

		private final List<String> accounts;

		private final long[] weights;

		private long refunded;

		Booked(List<String> accounts, long[] weights) {
			this.accounts = accounts;
			this.weights = weights;
		}

		List<String> accounts() {
			return this.accounts;
		}

		long[] weights() {
			return this.weights;
		}

		long gross() {
			long gross = 0;
			for (long weight : this.weights) {
				gross += weight;
			}
			return gross;
		}

		long left() {
			return gross() - this.refunded;
		}

		/** Cumulative allocation: what everything refunded so far takes, less what the earlier refunds took. */
		void refund(long amount) {
			long[] before = largestRemainder(this.refunded, this.weights);
			this.refunded += amount;
			long[] after = largestRemainder(this.refunded, this.weights);
			for (int i = 0; i < this.weights.length; i++) {
				credit(this.accounts.get(i), -(after[i] - before[i]));
			}
		}

	}

	private Booked lines(long gross, long tax, Map<String, Integer> shares, int feeBps) {
		List<String> accounts = new ArrayList<>();
		List<Long> amounts = new ArrayList<>();
		if (tax > 0) {
			accounts.add("platform:tax_payable");
			amounts.add(tax);
		}
		long net = gross - tax;
		long fee = largestRemainder(net, new long[] { feeBps, 10000 - feeBps })[0];
		accounts.add("platform:fee_revenue");
		amounts.add(fee);
		List<String> payees = new ArrayList<>(shares.keySet());
		long[] bps = payees.stream().mapToLong(shares::get).toArray();
		long[] parts = largestRemainder(net - fee, bps);
		for (int i = 0; i < parts.length; i++) {
			accounts.add(payees.get(i));
			amounts.add(parts[i]);
		}
		return new Booked(accounts, amounts.stream().mapToLong(Long::longValue).toArray());
	}

	/** Adds to what an account is owed: payees into {@link #owed}, tax into {@link #taxPayable}. */
	private void credit(String account, long cents) {
		if (PAYEES.contains(account)) {
			this.owed.merge(account, cents, Long::sum);
		}
		else if (account.equals("platform:tax_payable")) {
			this.taxPayable += cents;
		}
	}

	/** Largest remainder: floors of total x weight / sum, the cents left to the largest remainders, ties lower index. */
	private static long[] largestRemainder(long total, long[] weights) {
		long sum = 0;
		for (long weight : weights) {
			sum += weight;
		}
		long[] parts = new long[weights.length];
		long[] remainders = new long[weights.length];
		long left = total;
		for (int i = 0; i < weights.length; i++) {
			parts[i] = total * weights[i] / sum;
			remainders[i] = total * weights[i] % sum;
			left -= parts[i];
		}
		for (; left > 0; left--) {
			int best = 0;
			for (int i = 1; i < weights.length; i++) {
				if (remainders[i] > remainders[best]) {
					best = i;
				}
			}
			parts[best]++;
			remainders[best] = -1;
		}
		return parts;
	}

	/** The inline three-way split, in this order: venue 50%, artist 30%, promoter 20%. */
	private static String threeWay() {
		return VENUE + ":5000," + ARTIST + ":3000," + PROMOTER + ":2000";
	}

	private static Map<String, Integer> threeWayShares() {
		Map<String, Integer> shares = new LinkedHashMap<>();
		shares.put(VENUE, 5000);
		shares.put(ARTIST, 3000);
		shares.put(PROMOTER, 2000);
		return shares;
	}

	private static Map<String, Integer> subscriptionShares() {
		Map<String, Integer> shares = new LinkedHashMap<>();
		shares.put(ARTIST, 6000);
		shares.put(PROMOTER, 4000);
		return shares;
	}

	/** An order presented in usd (the eur one is settled from it); Stripe's fee 2.9% of the total (cents truncated) + 0.30. */
	private static SimulatedOrder order(long subtotal, long tax, String key, String value) {
		return order(subtotal, tax, "usd", key, value);
	}

	private static SimulatedOrder order(long subtotal, long tax, String currency, String key, String value) {
		long fee = (subtotal + tax) * 29 / 1000 + 30;
		return SimulatedOrder.of(subtotal, currency, fee, Map.of(key, value)).withTax(tax);
	}

	private <T> T undelivered(java.util.function.Supplier<T> scenario) {
		awaitDeliveries();
		STRIPE.stopWebhooks();
		this.holdBackFrom = STRIPE.events().size();
		try {
			return scenario.get();
		}
		finally {
			List<SimulatedEvent> events = STRIPE.events();
			events.subList(this.holdBackFrom, events.size()).forEach((event) -> this.undelivered.add(event.id()));
			this.holdBackFrom = -1;
			STRIPE.deliverWebhooksTo(URI.create("http://127.0.0.1:" + this.port + "/webhooks/stripe"),
					StripeSignatures.TEST_SECRET);
		}
	}

	private void undelivered(Runnable scenario) {
		undelivered(() -> {
			scenario.run();
			return null;
		});
	}

	private void tick() {
		advanceClock(Duration.ofMinutes(7));
	}

	/**
	 * Moves the business time, once the receiver has acknowledged what was sent so far: Stripe signs a delivery with
	 * its time of sending and the receiver checks it against its own now (300 s), so the clock must not jump while a
	 * delivery is on its way.
	 */
	private void setClock(Instant instant) {
		awaitDeliveries();
		CLOCK.set(instant);
	}

	private void advanceClock(Duration duration) {
		awaitDeliveries();
		CLOCK.advance(duration);
	}

	/** The night after a day, as the schedules run it, through the CLI. */
	private void closeDay(LocalDate day) {
		// 00:15: the day's balance snapshot, of what the every-minute inbox-processing booked by then; what the
		// backfill and the reconciliation book for the day later are journals the snapshot did not see
		setClock(day.plusDays(1).atTime(LocalTime.of(0, 15)).atZone(ZONE).toInstant());
		awaitDeliveries();
		run("jobs", "start", "inbox-processing");
		run("jobs", "start", "ledger-snapshots", "date=" + day);
		setClock(day.plusDays(1).atTime(LocalTime.of(0, 30)).atZone(ZONE).toInstant());
		awaitDeliveries();
		run("jobs", "start", "inbox-processing");
		advanceClock(Duration.ofMinutes(5));
		run("jobs", "start", "webhook-backfill");
		advanceClock(Duration.ofMinutes(5));
		run("jobs", "start", "inbox-processing");
		setClock(day.plusDays(1).atTime(LocalTime.of(1, 0)).atZone(ZONE).toInstant());
		Cli reconciliation = cli("jobs", "start", "stripe-reconciliation", "date=" + day);
		Cli show = cli("reconciliation", "show", day.toString());
		assertThat(show.exitCode()).as("%s reconciled clean:%n%s%n%s", day, show, reconciliation).isZero();
		assertThat(show.out()).startsWith(day + " CLEAN: ").contains("ledger sound");
		assertThat(reconciliation.exitCode()).as(reconciliation.toString()).isZero();
		Cli trialBalance = run("ledger", "trial-balance");
		assertThat(trialBalance.out()).as("%s trial balance", day).contains("trial balance: balanced");
		if (day.equals(LAST)) {
			// November is booked and reconciled; its last night is not paid yet
			theDeskAgreesOnEveryPayee();
		}
		setClock(day.plusDays(1).atTime(LocalTime.of(2, 30)).atZone(ZONE).toInstant());
		run("jobs", "start", "nightly-payouts", "date=" + day);
	}

	/**
	 * Every payee's balance in every currency, read five ways, and November's statement line by line against the
	 * entries (see the class comment). Every figure compared is the system's; the usd balances are also checked
	 * against this test's own arithmetic.
	 */
	private void theDeskAgreesOnEveryPayee() {
		run("reports", "generate", "payee-statement", "2026-11");
		DeskClient desk = new DeskClient("finance");
		Map<String, Long> statements = new TreeMap<>();
		for (JsonNode report : desk.get("/api/reports?type=payee-statement&period=2026-11&limit=1000")) {
			statements.put(report.get("name").asString(), report.get("id").asLong());
		}
		// GET /api/payees: every payee and currency ever posted, with its balance
		Map<String, Map<String, Long>> listed = new TreeMap<>();
		JsonNode list = desk.get("/api/payees?limit=1000");
		assertThat(next(list)).as("one page of payees").isNull();
		for (JsonNode row : list.get("payees")) {
			listed.computeIfAbsent(row.get("account").asString(), (k) -> new TreeMap<>())
				.put(row.get("currency").asString(), row.get("balanceCents").asLong());
		}
		assertThat(listed.keySet()).as("payees with a payable").containsExactlyInAnyOrderElementsOf(PAYEES);
		Map<String, Long> payablesByCurrency = new TreeMap<>();
		for (JsonNode payables : desk.get("/api/accounts").get("payables")) {
			payablesByCurrency.put(payables.get("currency").asString(), payables.get("balanceCents").asLong());
		}
		Map<String, Long> transferred = new TreeMap<>();
		STRIPE.transfers().forEach((t) -> transferred.merge(t.destination(), t.amountCents() - t.amountReversedCents(),
				Long::sum));
		Instant november = FIRST.atStartOfDay(ZONE).toInstant();
		Instant december = LAST.plusDays(1).atStartOfDay(ZONE).toInstant();
		Map<String, Long> listedByCurrency = new TreeMap<>();
		for (String payee : PAYEES) {
			Map<String, Long> shown = new TreeMap<>();
			for (JsonNode currency : desk.get("/api/payees/" + payee).get("currencies")) {
				shown.put(currency.get("currency").asString(), currency.get("balanceCents").asLong());
			}
			String statement = pdfText(desk.bytes("/api/reports/" + statements.get("statement-" + payee + ".pdf")
					+ "/download"));
			List<String> expectedRows = new ArrayList<>();
			for (Map.Entry<String, Long> listedBalance : listed.get(payee).entrySet()) {
				String currency = listedBalance.getKey();
				String as = payee + " in " + currency;
				listedByCurrency.merge(currency, listedBalance.getValue(), Long::sum);
				List<JsonNode> entries = desk.entries(payee, currency);
				List<String> rows = new ArrayList<>();
				long balance = 0;
				long sum = 0;
				long inNovember = 0;
				long opening = 0;
				for (JsonNode entry : entries) {
					long signed = ("C".equals(entry.get("side").asString()) ? 1 : -1) * entry.get("amountCents").asLong();
					Instant at = Instant.parse(entry.get("effectiveAt").asString());
					balance += signed;
					sum += signed;
					assertThat(entry.get("balanceCents").asLong()).as("%s: running balance of %s", as, entry)
						.isEqualTo(balance);
					assertThat(at).as("%s: %s", as, entry).isBefore(december);
					if (at.isBefore(november)) {
						opening = balance;
						continue;
					}
					inNovember++;
					rows.add((MOVED_AT.format(at) + statementKind(entry, entries) + entry.get("stripeObject").asString()
							+ amount(signed) + amount(entry.get("balanceCents").asLong())).replace(" ", ""));
				}
				if (!entries.isEmpty()) {
					expectedRows.add(FIRST + "openingbalance" + amount(opening));
					expectedRows.addAll(rows);
				}
				long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).get("balanceCents").asLong();
				long books = this.ledger.balance("payable:" + payee, currency).balanceCents();
				String code = currency.toUpperCase(java.util.Locale.ROOT);
				long closing = cents(statement, "Closingbalance(-?[0-9,]+\\.[0-9]{2})" + code);
				assertThat(List.of(shown.getOrDefault(currency, 0L), last, sum, listedBalance.getValue(), books,
						closing))
					.as("%s: GET /api/payees/{account}, last entry's balance, sum of the entries, GET /api/payees, "
							+ "the ledger, the November statement's closing balance", as)
					.containsOnly(books);
				assertThat(statement.replace(" ", "")).as(as).contains(inNovember + "movementsin" + code);
				assertThat(shown.containsKey(currency)).as("%s: shown unless zero", as).isEqualTo(books != 0);
			}
			assertThat(movementRows(statement)).as("the November statement of %s: a row per November entry", payee)
				.containsExactlyElementsOf(expectedRows);
			assertThat(shown.getOrDefault("usd", 0L)).as("%s: owed for November less transferred, usd", payee)
				.isEqualTo(this.owed.getOrDefault(payee, 0L) - transferred.getOrDefault(payee, 0L))
				.isPositive();
			if (payee.equals(CREATOR)) {
				// the tips' payee shares as booked here; the won dispute's reserve and its reversal cancel out
				long sold = 0;
				for (Booked sale : this.sales.values()) {
					for (int i = 0; i < sale.accounts().size(); i++) {
						sold += sale.accounts().get(i).equals(CREATOR) ? sale.weights()[i] : 0;
					}
				}
				assertThat(cents(statement, "Sales\\(afterplatformfees\\)(-?[0-9,]+\\.[0-9]{2})USD"))
					.as("the creator's sales after platform fees, usd").isEqualTo(sold);
				assertThat(statement.replace(" ", "")).contains("Disputes0.00USD", "reversalofdispute_reserve");
			}
		}
		assertThat(payablesByCurrency).as("GET /api/accounts payables: the payees' balances summed")
			.isEqualTo(listedByCurrency);
	}

	/** The cursor of a page's next page, or null on the last. */
	private static String next(JsonNode page) {
		JsonNode next = page.path("next");
		return (next.isNull() || next.isMissingNode()) ? null : next.asString();
	}

	/** A statement names a reversal with the kind of the journal it reverses, one of the payee's lines. */
	private static String statementKind(JsonNode entry, List<JsonNode> entries) {
		String kind = entry.get("kind").asString();
		if (!kind.equals("reversal")) {
			return kind;
		}
		long reversed = Long.parseLong(entry.get("stripeObject").asString().substring("journal:".length()));
		return kind + " of " + entries.stream()
			.filter((e) -> e.get("journalId").asLong() == reversed)
			.map((e) -> e.get("kind").asString())
			.findFirst()
			.orElseThrow();
	}

	/** Minor units of a two-decimal currency as the statement prints them, e.g. {@code -123456} is {@code -1,234.56}. */
	private static String amount(long cents) {
		return ((cents < 0) ? "-" : "")
				+ String.format(java.util.Locale.ROOT, "%,d.%02d", Math.abs(cents) / 100, Math.abs(cents) % 100);
	}

	/** The amount of the one match of a pattern in a statement's text (spaces removed), in minor units. */
	private static long cents(String text, String pattern) {
		Matcher matcher = Pattern.compile(pattern).matcher(text.replace(" ", ""));
		assertThat(matcher.find()).as("%s in%n%s", pattern, text).isTrue();
		long cents = Long.parseLong(matcher.group(1).replace(",", "").replace(".", ""));
		assertThat(matcher.find()).as("%s once", pattern).isFalse();
		return cents;
	}

	private static String pdfText(byte[] pdf) {
		try {
			PdfReader reader = new PdfReader(pdf);
			PdfTextExtractor extractor = new PdfTextExtractor(reader);
			StringBuilder text = new StringBuilder();
			for (int page = 1; page <= reader.getNumberOfPages(); page++) {
				text.append(extractor.getTextFromPage(page)).append('\n');
			}
			return text.toString();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The rows of a statement's movements tables: the lines that start with a date, spaces removed. */
	private static List<String> movementRows(String text) {
		return text.lines()
			.map((line) -> line.replace(" ", ""))
			.filter((line) -> line.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}.*"))
			.toList();
	}

	/** The API as a finance user's script uses it: HTTP Basic on the first request, then the session cookie. */
	private final class DeskClient {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

		private String authorization;

		DeskClient(String user) {
			this.authorization = "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8));
		}

		JsonNode get(String path) {
			return JSON.readTree(new String(bytes(path), StandardCharsets.UTF_8));
		}

		byte[] bytes(String path) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
			if (this.authorization != null) {
				request.header("Authorization", this.authorization);
			}
			try {
				HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
				assertThat(response.statusCode()).as("GET %s: %s", path,
						new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
				this.authorization = null;
				return response.body();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** Every entry of a payee in a currency, 40 a page, following {@code next}. */
		List<JsonNode> entries(String payee, String currency) {
			List<JsonNode> entries = new ArrayList<>();
			String cursor = null;
			do {
				JsonNode page = get("/api/payees/" + payee + "/entries?currency=" + currency + "&limit=40"
						+ ((cursor != null) ? "&cursor=" + cursor : ""));
				assertThat(page.get("openingCents").asLong()).as("opening of a page of %s", payee)
					.isEqualTo(entries.isEmpty() ? 0 : entries.get(entries.size() - 1).get("balanceCents").asLong());
				page.get("entries").forEach(entries::add);
				cursor = next(page);
			}
			while (cursor != null);
			return entries;
		}

	}

	/** Waits until the receiver has acknowledged every event but those held back on purpose. */
	private void awaitDeliveries() {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			int events = STRIPE.eventTypes().size();
			int heldBack = this.undelivered.size() + ((this.holdBackFrom >= 0) ? events - this.holdBackFrom : 0);
			if (STRIPE.eventsDelivered() >= events - heldBack) {
				return;
			}
			if (System.nanoTime() > deadline) {
				fail("Events not acknowledged by the receiver: " + STRIPE.events()
					.stream()
					.filter((event) -> !event.delivered() && !this.undelivered.contains(event.id()))
					.map(SimulatedEvent::type)
					.toList());
			}
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private Cli run(String... args) {
		Cli cli = cli(args);
		assertThat(cli.exitCode()).as(cli.toString()).isZero();
		return cli;
	}

	private Cli cli(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = TreasuryCli.execute(this.context, args, new PrintWriter(out, true), new PrintWriter(err, true));
		return new Cli(String.join(" ", args), exitCode, out.toString(), err.toString());
	}

	private record Cli(String command, int exitCode, String out, String err) {

		@Override
		public String toString() {
			return "$ " + this.command + " -> " + this.exitCode + "\n" + this.out + this.err;
		}

	}

	/** The business time of this test: a UTC clock it sets and moves forward. Safe to read from any thread. */
	static final class SteppedClock extends Clock {

		private final AtomicReference<Instant> now;

		SteppedClock(Instant start) {
			this.now = new AtomicReference<>(start);
		}

		void set(Instant instant) {
			this.now.set(instant);
		}

		void advance(Duration duration) {
			this.now.updateAndGet((instant) -> instant.plus(duration));
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		/** This clock for UTC (the business zone of the test, as {@code GET /api/payees/{account}} asks for it). */
		@Override
		public Clock withZone(ZoneId zone) {
			if (zone.normalized().equals(ZoneOffset.UTC)) {
				return this;
			}
			throw new UnsupportedOperationException("UTC only");
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class MonthClockConfiguration {

		@Bean
		@Primary
		Clock monthClock() {
			return CLOCK;
		}

	}

}
