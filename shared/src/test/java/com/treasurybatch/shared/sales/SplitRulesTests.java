package com.treasurybatch.shared.sales;

import java.util.List;
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
