package com.treasurybatch.jobs.reports;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.treasurybatch.shared.reports.ReportsProperties;

/** The 1099 thresholds seeded per tax year, at their edges, and configured ones replacing them. */
class Form1099ThresholdsTests {

	private final ReportsProperties defaults = new ReportsProperties(null, 50, 4, 4, 10_000, null, "http://localhost:8080",
			7, 90, null, null, null);

	@ParameterizedTest
	@ValueSource(ints = { 2024, 2025, 2026 })
	void a_1099k_needs_more_than_20000_dollars_and_more_than_200_transactions(int taxYear) {
		ReportsProperties.Form1099kThreshold threshold = this.defaults.form1099kFor(taxYear);

		assertThat(Form1099.reportable1099k(threshold, 2_000_000, 201)).isFalse();
		assertThat(Form1099.reportable1099k(threshold, 2_000_001, 201)).isTrue();
		assertThat(Form1099.reportable1099k(threshold, 2_000_001, 200)).isFalse();
		assertThat(Form1099.reportable1099k(threshold, 9_999_999_99L, 200)).isFalse();
		assertThat(Form1099.reportable1099k(threshold, 2_000_000, 100_000)).isFalse();
	}

	@Test
	void a_1099nec_is_due_from_600_dollars_through_2025_and_from_2000_dollars_for_2026_payments() {
		assertThat(Form1099.reportable1099nec(this.defaults.form1099necFor(2025), 59_999)).isFalse();
		assertThat(Form1099.reportable1099nec(this.defaults.form1099necFor(2025), 60_000)).isTrue();
		assertThat(Form1099.reportable1099nec(this.defaults.form1099necFor(2026), 60_000)).isFalse();
		assertThat(Form1099.reportable1099nec(this.defaults.form1099necFor(2026), 199_999)).isFalse();
		assertThat(Form1099.reportable1099nec(this.defaults.form1099necFor(2026), 200_000)).isTrue();
	}

	@Test
	void a_tax_year_without_a_threshold_is_refused_by_name_and_configuration_replaces_the_seed() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.form1099kFor(2027))
			.withMessageContaining("2027")
			.withMessageContaining("treasury.reports.form1099k.2027");
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.form1099necFor(2023));

		ReportsProperties configured = new ReportsProperties(null, 50, 4, 4, 10_000, null, "http://localhost:8080", 7, 90,
				null, Map.of(2027, new ReportsProperties.Form1099kThreshold(60_000, 0)), Map.of(2027, 250_000L));
		assertThat(Form1099.reportable1099k(configured.form1099kFor(2027), 60_001, 1)).isTrue();
		assertThat(configured.form1099necFor(2027)).isEqualTo(250_000L);
	}

}
