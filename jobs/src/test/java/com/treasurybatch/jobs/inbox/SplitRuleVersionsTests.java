package com.treasurybatch.jobs.inbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.jobs.ClockedStripeConfiguration;
import com.treasurybatch.jobs.JobsTestApplication;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.sales.Orders;
import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.sales.SplitRule;
import com.treasurybatch.shared.sales.SplitRuleDesk;
import com.treasurybatch.shared.sales.SplitRuleRefusedException;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.SimulatedOrder;
import com.treasurybatch.simulator.SimulatedSale;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Split rule versions: a change makes a new version effective from then, and each sale is booked with the version
 * in force when it was made, even when both sales are processed after the change. Sales made at the simulator over
 * HTTP on the tests' clock, booked by {@code inbox-processing}; figures to the cent.
 */
@SpringBootTest
@PostgresTest
@SpringBatchTest
class SplitRuleVersionsTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnStripe extends ClockedStripeConfiguration {

	}

	private static final Actor OPERATOR = new Actor("olga", AuditChannel.API);

	private static final String HOST = "acct_1SplitVersionHost";

	private static final String ARTIST = "acct_1SplitVersionArtist";

	@Autowired
	StripeSimulator stripe;

	@Autowired
	JobOperatorTestUtils jobs;

	@Autowired
	@Qualifier(InboxProcessingJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	Orders orders;

	@Autowired
	MutableClock clock;

	@Autowired
	SplitRuleDesk desk;

	private DeskStripeFlow flow;

	@BeforeEach
	void setUp() throws Exception {
		this.clock.set(JobsTestApplication.TEST_EPOCH);
		this.jobs.setJob(this.job);
		this.flow = new DeskStripeFlow(this.stripe, this.jdbc);
		this.stripe.updateAccount(SimulatedAccount.active(HOST, this.clock.instant().minus(Duration.ofDays(90))));
		this.stripe.updateAccount(SimulatedAccount.active(ARTIST, this.clock.instant().minus(Duration.ofDays(90))));
		this.flow.stageNewEvents();
		assertThat(this.jobs.getJobOperator().startNextInstance(this.job).getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void a_sale_before_and_a_sale_after_a_change_each_follow_their_version() throws Exception {
		this.desk.create(rule(1000, HOST + ":7000", ARTIST + ":3000"), OPERATOR);
		this.clock.advance(Duration.ofHours(1));
		SimulatedSale before = this.stripe
			.completeCheckout(SimulatedOrder.of(10_000, "usd", 320, Map.of("tb_split_rule", "tour-2026-versions")));
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.desk.update(rule(1500, HOST + ":5000", ARTIST + ":5000"), OPERATOR).version()).isEqualTo(2);
		this.clock.advance(Duration.ofHours(1));
		SimulatedSale after = this.stripe
			.completeCheckout(SimulatedOrder.of(10_000, "usd", 320, Map.of("tb_split_rule", "tour-2026-versions")));

		// both sales are processed after the change: each follows the version in force when it was made
		this.flow.stageNewEvents();
		assertThat(this.jobs.getJobOperator().startNextInstance(this.job).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// version 1: fee 10 % of 100.00 = 10.00; 90.00 split 70/30 = 63.00 / 27.00
		assertThat(this.ledger.lines(this.ledger.journalId(before.paymentIntentId(), "sale").orElseThrow()))
			.containsExactlyInAnyOrder(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 10_000, "usd"),
					JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 1_000, "usd"),
					JournalLine.credit(LedgerAccounts.payable(HOST), 6_300, "usd"),
					JournalLine.credit(LedgerAccounts.payable(ARTIST), 2_700, "usd"));
		// version 2: fee 15 % of 100.00 = 15.00; 85.00 split 50/50 = 42.50 / 42.50
		assertThat(this.ledger.lines(this.ledger.journalId(after.paymentIntentId(), "sale").orElseThrow()))
			.containsExactlyInAnyOrder(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 10_000, "usd"),
					JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 1_500, "usd"),
					JournalLine.credit(LedgerAccounts.payable(HOST), 4_250, "usd"),
					JournalLine.credit(LedgerAccounts.payable(ARTIST), 4_250, "usd"));
		assertThat(this.orders.splitRuleVersion(before.paymentIntentId())).contains(1);
		assertThat(this.orders.splitRuleVersion(after.paymentIntentId())).contains(2);
		// host 63.00 + 42.50 = 105.50; artist 27.00 + 42.50 = 69.50
		assertThat(this.ledger.balance(LedgerAccounts.payable(HOST), "usd").balanceCents()).isEqualTo(10_550);
		assertThat(this.ledger.balance(LedgerAccounts.payable(ARTIST), "usd").balanceCents()).isEqualTo(6_950);
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);

		// in use: retired, never deleted; its versions stay
		assertThat(this.desk.remove("tour-2026-versions", OPERATOR)).isEqualTo(SplitRuleDesk.Removal.RETIRED);
		assertThat(this.desk.versions("tour-2026-versions")).extracting((version) -> version.version())
			.containsExactly(1, 2);
		assertThat(this.jdbc.queryForList(
				"SELECT action || ' ' || outcome FROM audit_log WHERE target = 'split_rule:tour-2026-versions' ORDER BY id",
				String.class))
			.containsExactly("split_rule.create ok", "split_rule.update ok", "split_rule.retire ok");
	}

	@Test
	void an_unused_rule_is_deleted_and_unknown_accounts_are_refused() {
		this.desk.create(new SplitRule("never-sold", "never sold", OptionalInt.empty(),
				List.of(new Share(HOST, 10_000))), OPERATOR);
		assertThat(this.desk.remove("never-sold", OPERATOR)).isEqualTo(SplitRuleDesk.Removal.DELETED);
		assertThat(this.desk.list(true)).noneMatch((version) -> version.rule().id().equals("never-sold"));

		assertThatExceptionOfType(SplitRuleRefusedException.class)
			.isThrownBy(() -> this.desk.create(new SplitRule("stranger", "stranger", OptionalInt.empty(),
					List.of(new Share("acct_1NeverOnboarded", 10_000))), OPERATOR))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(SplitRuleRefusedException.Kind.UNPROCESSABLE))
			.withMessageContaining("acct_1NeverOnboarded");
	}

	private static SplitRule rule(int feeBps, String... shares) {
		return new SplitRule("tour-2026-versions", "Tour 2026", OptionalInt.of(feeBps),
				java.util.Arrays.stream(shares)
					.map((share) -> new Share(share.split(":")[0], Integer.parseInt(share.split(":")[1])))
					.toList());
	}

}
