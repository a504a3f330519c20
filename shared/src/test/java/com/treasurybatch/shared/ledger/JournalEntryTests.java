package com.treasurybatch.shared.ledger;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JournalEntryTests {

	private static final Instant AT = Instant.parse("2026-11-20T18:30:00Z");

	@Test
	void a_journal_that_does_not_balance_is_refused_before_any_write() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JournalEntry.of("sale", "cs_test_unbalanced", "sale", AT,
					List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1000, "usd"),
							JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 999, "usd"))))
			.withMessageContaining("does not balance in usd");
	}

	@Test
	void balance_is_per_currency() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JournalEntry.of("sale", "cs_test_two_currencies", "sale", AT,
					List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1000, "usd"),
							JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 1000, "eur"))))
			.withMessageContaining("does not balance");
	}

	@Test
	void a_journal_needs_two_lines() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JournalEntry.of("sale", "cs_test_one_line", "sale", AT,
					List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1000, "usd"))))
			.withMessageContaining("at least two");
	}

	@Test
	void amounts_are_positive_and_currencies_lowercase_iso() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 0, "usd"))
			.withMessageContaining("positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 100, "USD"))
			.withMessageContaining("lowercase");
	}

	@Test
	void accounts_outside_the_chart_are_refused() {
		assertThatIllegalArgumentException().isThrownBy(() -> JournalLine.debit("platform:petty_cash", 100, "usd"))
			.withMessageContaining("chart of accounts");
		assertThatIllegalArgumentException().isThrownBy(() -> LedgerAccounts.payable("cus_123"));
		assertThat(LedgerAccounts.typeOf(LedgerAccounts.payable("acct_1IuHosQveW0ONQsd")))
			.isEqualTo(AccountType.LIABILITY);
	}

}
