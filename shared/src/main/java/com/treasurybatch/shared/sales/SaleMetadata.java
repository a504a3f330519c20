package com.treasurybatch.shared.sales;

import java.util.Map;

/**
 * What this platform writes into a Stripe Checkout Session's {@code metadata} when it creates the session, and
 * reads back from the paid session. Who is paid is given by the first key present, in this order:
 * {@link #SPLIT_RULE}, {@link #SPLIT}, {@link #PAYEE}.
 *
 * @param itemType {@code tb_item_type}, or null if absent
 * @param itemId {@code tb_item_id}: the product side's id of what was sold, or null if absent
 * @param splitRuleId {@code tb_split_rule}: id of a {@code split_rules} row, or null
 * @param split {@code tb_split}: inline split {@code acct_A:5000,acct_B:3000,acct_C:2000}, or null
 * @param payee {@code tb_payee}: one connected account that gets the whole payee share, or null
 */
public record SaleMetadata(ItemType itemType, String itemId, String splitRuleId, String split, String payee) {

	/** Metadata key: ticket, tip, subscription or brand_offer. */
	public static final String ITEM_TYPE = "tb_item_type";

	/** Metadata key: the product side's id of the item sold. */
	public static final String ITEM_ID = "tb_item_id";

	/** Metadata key: id of a split rule. */
	public static final String SPLIT_RULE = "tb_split_rule";

	/** Metadata key: inline split, {@code acct_...:bps} pairs separated by commas, summing to 10000. */
	public static final String SPLIT = "tb_split";

	/** Metadata key: the one payee, {@code acct_...}. */
	public static final String PAYEE = "tb_payee";

	/** Longest item id kept (Stripe allows metadata values of up to 500 characters). */
	public static final int ITEM_ID_LENGTH_MAX = 500;

	/**
	 * Reads the keys this platform uses and ignores every other key. Blank values count as absent.
	 * @param metadata the session's metadata
	 * @return what it says
	 * @throws IllegalArgumentException if {@code tb_item_type} has an unknown value or {@code tb_item_id} is too
	 * long
	 */
	public static SaleMetadata from(Map<String, String> metadata) {
		String itemType = value(metadata, ITEM_TYPE);
		String itemId = value(metadata, ITEM_ID);
		if (itemId != null && itemId.length() > ITEM_ID_LENGTH_MAX) {
			throw new IllegalArgumentException("tb_item_id is longer than " + ITEM_ID_LENGTH_MAX + " characters");
		}
		return new SaleMetadata((itemType != null) ? ItemType.fromCode(itemType) : null, itemId,
				value(metadata, SPLIT_RULE), value(metadata, SPLIT), value(metadata, PAYEE));
	}

	private static String value(Map<String, String> metadata, String key) {
		String value = metadata.get(key);
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
