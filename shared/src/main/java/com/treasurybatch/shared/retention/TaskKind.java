package com.treasurybatch.shared.retention;

/** The kinds of retention task, stored by their {@link #code()}. */
public enum TaskKind {

	/** A buyer's Checkout Session expired unpaid: marketing, needs consent and honours unsubscribes. */
	ABANDONED_CHECKOUT("abandoned_checkout"),

	/** A payee must finish Stripe onboarding ({@code account.updated} with requirements due): service email. */
	KYC_REQUIREMENTS_DUE("kyc_requirements_due"),

	/** A buyer's payment failed ({@code payment_intent.payment_failed}, {@code invoice.payment_failed}). */
	PAYMENT_FAILED("payment_failed");

	private final String code;

	TaskKind(String code) {
		this.code = code;
	}

	/** @return the value in {@code retention_tasks.kind} */
	public String code() {
		return this.code;
	}

	/**
	 * @param code a {@code retention_tasks.kind}
	 * @return its kind
	 * @throws IllegalArgumentException if unknown
	 */
	public static TaskKind fromCode(String code) {
		for (TaskKind kind : values()) {
			if (kind.code.equals(code)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("Unknown retention task kind " + code);
	}

}
