package com.treasurybatch.shared.sales;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InlineSplitTests {

	@Test
	void parses_payees_and_basis_points_in_order() {
		assertThat(InlineSplit.parse("acct_1A:5000, acct_1B:3000,acct_1C:2000")).containsExactly(
				new Share("acct_1A", 5000), new Share("acct_1B", 3000), new Share("acct_1C", 2000));
		assertThat(InlineSplit.format(List.of(new Share("acct_1A", 10_000)))).isEqualTo("acct_1A:10000");
	}

	@Test
	void refuses_malformed_splits() {
		assertThatIllegalArgumentException().isThrownBy(() -> InlineSplit.parse("acct_1A:5000,acct_1B:4000"))
			.withMessageContaining("sum to 9000");
		assertThatIllegalArgumentException().isThrownBy(() -> InlineSplit.parse("acct_1A:5000,acct_1A:5000"))
			.withMessageContaining("twice");
		assertThatIllegalArgumentException().isThrownBy(() -> InlineSplit.parse("acct_1A=10000"))
			.withMessageContaining("acct_...:basis_points");
		assertThatIllegalArgumentException().isThrownBy(() -> InlineSplit.parse("cus_1A:10000"))
			.withMessageContaining("connected account");
		assertThatIllegalArgumentException().isThrownBy(() -> InlineSplit.parse("acct_1A:50.5,acct_1B:9949.5"));
	}

	@Test
	void metadata_keys_are_read_and_others_ignored() {
		SaleMetadata metadata = SaleMetadata.from(Map.of("tb_item_type", "brand_offer", "tb_item_id", "offer_8812",
				"tb_payee", " acct_1Q ", "utm_source", "newsletter", "tb_split", " "));

		assertThat(metadata).isEqualTo(new SaleMetadata(ItemType.BRAND_OFFER, "offer_8812", null, null, "acct_1Q"));
		assertThatIllegalArgumentException().isThrownBy(() -> SaleMetadata.from(Map.of("tb_item_type", "merch")))
			.withMessageContaining("merch");
	}

}
