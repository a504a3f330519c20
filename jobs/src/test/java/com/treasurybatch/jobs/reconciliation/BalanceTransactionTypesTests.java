package com.treasurybatch.jobs.reconciliation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciliation's table of balance transaction types against Stripe's list
 * ({@code reconciliation/balance-transaction-types.txt}) and against the README that documents it.
 */
class BalanceTransactionTypesTests {

	private static final Path README = Path.of("src/main/java/com/treasurybatch/jobs/reconciliation/README.md");

	@Test
	void every_type_stripe_lists_is_mapped_and_nothing_else_is() throws IOException {
		List<String> stripe = stripeTypes();

		assertThat(stripe).hasSize(50);
		assertThat(stripe).allSatisfy((type) -> assertThat(BalanceTransactionTypes.category(type, null, null, null))
			.as(type).isNotEqualTo(BalanceTransactionTypes.UNMAPPED));
		assertThat(BalanceTransactionTypes.all().keySet()).containsExactlyInAnyOrderElementsOf(stripe);
		assertThat(BalanceTransactionTypes.category("balance_transfer", "other_adjustment", null, null))
			.isEqualTo(BalanceTransactionTypes.UNMAPPED);
	}

	@Test
	void a_dispute_adjustment_is_matched_to_its_dispute_funds_and_any_other_adjustment_is_booked() {
		assertThat(BalanceTransactionTypes.category("adjustment", "dispute", "dispute", "du_1Dispute")).isEqualTo("dispute");
		assertThat(BalanceTransactionTypes.category("adjustment", "dispute_reversal", null, "du_1Dispute"))
			.isEqualTo("dispute");
		assertThat(BalanceTransactionTypes.account("adjustment", "dispute", "dispute", "du_1Dispute")).isNull();
		assertThat(BalanceTransactionTypes.category("adjustment", "other_adjustment", null, null)).isEqualTo("settlement");
		assertThat(BalanceTransactionTypes.account("adjustment", "other_adjustment", null, null))
			.isEqualTo("platform:stripe_adjustments");
	}

	@Test
	void the_readme_table_names_every_mapped_type_with_its_account() throws IOException {
		List<String> rows = Files.readAllLines(README, StandardCharsets.UTF_8)
			.stream()
			.dropWhile((line) -> !line.equals("### Balance transaction types"))
			.takeWhile((line) -> !line.equals("### Matching"))
			.filter((line) -> line.startsWith("| `"))
			.toList();
		BalanceTransactionTypes.all().forEach((type, mapping) -> {
			List<String> naming = rows.stream().filter((row) -> row.split("\\|")[1].contains("`" + type + "`")).toList();
			assertThat(naming).as(type).isNotEmpty();
			if (mapping.account() != null) {
				assertThat(naming).as(type).anySatisfy((row) -> assertThat(row).contains("`" + mapping.account() + "`"));
			}
		});
	}

	private static List<String> stripeTypes() throws IOException {
		try (InputStream in = BalanceTransactionTypesTests.class
			.getResourceAsStream("/reconciliation/balance-transaction-types.txt")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.toList();
		}
	}

}
