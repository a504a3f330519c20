package com.treasurybatch.shared.sales;

/** What a sale sells, from Checkout Session metadata {@code tb_item_type}. */
public enum ItemType {

	/** An event ticket. */
	TICKET("ticket"),

	/** A tip to an artist or host. */
	TIP("tip"),

	/** The first payment of a subscription. */
	SUBSCRIPTION("subscription"),

	/** A brand's paid offer. */
	BRAND_OFFER("brand_offer");

	private final String code;

	ItemType(String code) {
		this.code = code;
	}

	/**
	 * The metadata and database value.
	 * @return e.g. {@code brand_offer}
	 */
	public String code() {
		return this.code;
	}

	/**
	 * Reads a metadata value.
	 * @param code e.g. {@code ticket}
	 * @return the item type
	 * @throws IllegalArgumentException for any other value
	 */
	public static ItemType fromCode(String code) {
		for (ItemType type : values()) {
			if (type.code.equals(code)) {
				return type;
			}
		}
		throw new IllegalArgumentException(
				"Unknown tb_item_type '" + code + "', expected ticket, tip, subscription or brand_offer");
	}

}
