package com.treasurybatch.launcher.webhooks;

/** What became of one delivery to the receiver; the tags of the delivery metrics. */
public enum DeliveryOutcome {

	STORED("stored", "none"),

	DUPLICATE("duplicate", "none"),

	REJECTED_TOO_LARGE("rejected", "too_large"),

	REJECTED_UNREADABLE_BODY("rejected", "unreadable_body"),

	REJECTED_SIGNATURE_MISSING("rejected", "signature_missing"),

	REJECTED_SIGNATURE_MALFORMED("rejected", "signature_malformed"),

	REJECTED_SIGNATURE_MISMATCH("rejected", "signature_mismatch"),

	REJECTED_TIMESTAMP("rejected", "timestamp_outside_tolerance"),

	REJECTED_NOT_JSON("rejected", "not_json"),

	REJECTED_NOT_AN_EVENT("rejected", "not_an_event"),

	UNAVAILABLE("unavailable", "inbox_unavailable");

	private final String outcomeTag;

	private final String reasonTag;

	DeliveryOutcome(String outcomeTag, String reasonTag) {
		this.outcomeTag = outcomeTag;
		this.reasonTag = reasonTag;
	}

	/** {@code stored}, {@code duplicate}, {@code rejected} or {@code unavailable}. */
	public String outcomeTag() {
		return this.outcomeTag;
	}

	/** Why a delivery was rejected or not stored, {@code none} otherwise. */
	public String reasonTag() {
		return this.reasonTag;
	}

}
