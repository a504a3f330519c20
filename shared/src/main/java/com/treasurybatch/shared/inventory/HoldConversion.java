package com.treasurybatch.shared.inventory;

/** What converting a hold into sold tickets did. */
public enum HoldConversion {

	/** The hold was HELD: its quantity moved from held to sold. */
	CONVERTED,

	/** The hold had expired and been released, but the tickets were still free: sold anyway. */
	CONVERTED_AFTER_RELEASE,

	/** Converted before (a redelivered event): nothing changed. */
	ALREADY_CONVERTED,

	/** Released and sold out since: the buyer paid for tickets that are gone (an alert, a refund by a person). */
	SOLD_OUT_AFTER_RELEASE,

	/** No such hold. */
	NOT_FOUND

}
