package com.treasurybatch.shared.sales;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.ledger.LedgerTestConfiguration;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class SplitRulesTests {

	@Autowired
	SplitRules splitRules;

	@Autowired
	PayeeResolver payeeResolver;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void a_rule_reads_back_with_its_shares_by_payee() {
		SplitRule rule = new SplitRule("festival-2026-main-stage", "Main stage: venue and two acts",
				OptionalInt.of(1500), List.of(new Share("acct_1QVenue", 4000), new Share("acct_1QActA", 3500),
						new Share("acct_1QActB", 2500)));
		this.transaction.executeWithoutResult((status) -> this.splitRules.create(rule));

		assertThat(this.splitRules.find("festival-2026-main-stage")).hasValueSatisfying((found) -> {
			assertThat(found.platformFeeBps()).hasValue(1500);
			assertThat(found.shares()).extracting(Share::payeeAccount)
				.containsExactly("acct_1QActA", "acct_1QActB", "acct_1QVenue");
		});
		assertThat(this.splitRules.find("no-such-rule")).isEmpty();
	}

	@Test
	void versions_in_force_read_for_many_sales_at_once_are_those_read_one_by_one() {
		SplitRule first = new SplitRule("tour-2026-batch", "Tour: venue and act", OptionalInt.empty(),
				List.of(new Share("acct_1QTourVenue", 6000), new Share("acct_1QTourAct", 4000)));
		this.transaction.executeWithoutResult((status) -> this.splitRules.create(first));
		SplitRule second = new SplitRule("tour-2026-batch", "Tour: act takes more", OptionalInt.of(1200),
				List.of(new Share("acct_1QTourVenue", 3000), new Share("acct_1QTourAct", 7000)));
		this.transaction.executeWithoutResult((status) -> this.splitRules.update(second, "ops"));
		List<SplitRuleVersion> versions = this.splitRules.versions("tour-2026-batch");
		Instant v1 = versions.get(0).effectiveFrom();
		Instant v2 = versions.get(1).effectiveFrom();
		this.transaction.executeWithoutResult((status) -> this.splitRules.retire("tour-2026-batch", "ops"));
		Instant retired = this.splitRules.versions("tour-2026-batch").get(1).retiredAt();

		SplitRuleAt beforeAnyVersion = new SplitRuleAt("tour-2026-batch", v1.minus(Duration.ofDays(1)));
		SplitRuleAt atFirst = new SplitRuleAt("tour-2026-batch", v1);
		SplitRuleAt atSecond = new SplitRuleAt("tour-2026-batch", v2);
		SplitRuleAt afterRetirement = new SplitRuleAt("tour-2026-batch", retired.plus(Duration.ofDays(1)));
		SplitRuleAt unknown = new SplitRuleAt("no-such-tour", v1);
		List<SplitRuleAt> lookups = List.of(beforeAnyVersion, atFirst, atSecond, afterRetirement, unknown, atSecond);

		Map<SplitRuleAt, Optional<SplitRuleVersion>> found = this.splitRules.findInForce(lookups);

		assertThat(found).hasSize(5);
		assertThat(found.get(beforeAnyVersion)).map(SplitRuleVersion::version).hasValue(1);
		assertThat(found.get(atFirst)).map(SplitRuleVersion::version).hasValue(1);
		assertThat(found.get(atSecond)).hasValueSatisfying((version) -> {
			assertThat(version.version()).isEqualTo(2);
			assertThat(version.rule().platformFeeBps()).hasValue(1200);
			assertThat(version.rule().shares()).containsExactly(new Share("acct_1QTourAct", 7000),
					new Share("acct_1QTourVenue", 3000));
		});
		assertThat(found.get(afterRetirement)).isEmpty();
		assertThat(found.get(unknown)).isEmpty();
		for (SplitRuleAt lookup : lookups) {
			assertThat(found.get(lookup)).isEqualTo(this.splitRules.findInForce(lookup.ruleId(), lookup.at()));
		}
		assertThat(this.splitRules.findInForce(List.of())).isEmpty();
	}

	@Test
	void the_database_refuses_shares_that_do_not_sum_to_the_whole() {
		assertThatThrownBy(() -> this.transaction.executeWithoutResult((status) -> {
			this.jdbc.update("INSERT INTO split_rules (id, description) VALUES ('broken-rule', 'raw')");
			this.jdbc.update("""
					INSERT INTO split_rule_shares (rule_id, payee_account, bps)
					VALUES ('broken-rule', 'acct_1QA', 6000), ('broken-rule', 'acct_1QB', 3000)
					""");
		})).isInstanceOf(DataAccessException.class).hasMessageContaining("sum to 9000");
		assertThat(this.splitRules.find("broken-rule")).isEmpty();
	}

	@Test
	void payees_come_from_the_rule_then_the_inline_split_then_the_single_payee() {
		this.transaction.executeWithoutResult((status) -> this.splitRules.create(new SplitRule("duo-tour", "Duo tour",
				OptionalInt.empty(), List.of(new Share("acct_1QDuoA", 5000), new Share("acct_1QDuoB", 5000)))));

		assertThat(this.payeeResolver.resolve(new SaleMetadata(ItemType.TICKET, "t1", "duo-tour", "acct_1QX:10000",
				"acct_1QY")).shares()).extracting(Share::payeeAccount).containsExactly("acct_1QDuoA", "acct_1QDuoB");
		assertThat(this.payeeResolver.resolve(new SaleMetadata(ItemType.TICKET, "t1", null, "acct_1QX:10000",
				"acct_1QY")).splitInline()).isEqualTo("acct_1QX:10000");
		assertThat(this.payeeResolver.resolve(new SaleMetadata(ItemType.TIP, "t1", null, null, "acct_1QY"))
			.splitInline()).isEqualTo("acct_1QY:10000");
		Payees unknownRule = this.payeeResolver.resolve(new SaleMetadata(ItemType.TICKET, "t1", "gone", null, null));
		assertThat(unknownRule.inSuspense()).isTrue();
		assertThat(unknownRule.suspenseReason()).contains("'gone' does not exist");
		assertThat(this.payeeResolver.resolve(new SaleMetadata(null, null, null, null, null)).suspenseReason())
			.contains("names no payee");
	}

}
