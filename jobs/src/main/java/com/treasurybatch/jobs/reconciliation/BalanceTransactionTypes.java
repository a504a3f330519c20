package com.treasurybatch.jobs.reconciliation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.treasurybatch.shared.ledger.LedgerAccounts;

/**
 * How each Stripe balance transaction {@code type} (docs.stripe.com/api/balance_transactions/object, field
 * {@code type}) is booked or matched: the table of the README's "Balance transaction types", in code. A type not
 * here is {@link #UNMAPPED}: a discrepancy {@code unmapped_type}, never booked silently.
 *
 * <p>Categories: {@code charge}, {@code refund}, {@code refund_failure}, {@code dispute}, {@code transfer},
 * {@code transfer_reversal} are booked by inbox-processing's handlers and matched to their journals;
 * {@code payout} is booked by the settlement step as {@code platform_payout}; {@code settlement} is booked by the
 * settlement step as {@code stripe_balance} against {@link #account}. An {@code adjustment} whose reporting category
 * is {@code dispute} or {@code dispute_reversal} (or whose source is a dispute) is category {@code dispute}; any
 * other adjustment is {@code settlement}.
 */
final class BalanceTransactionTypes {

	static final String UNMAPPED = "unmapped";

	static final String SETTLEMENT = "settlement";

	static final String PAYOUT = "payout";

	/** A type's category and, for {@code settlement} and {@code payout}, the account cash moves against. */
	record Mapping(String category, String account) {
	}

	private static final Map<String, Mapping> TYPES = new LinkedHashMap<>();

	static {
		event("charge", "charge");
		event("payment", "charge");
		event("refund", "refund");
		event("payment_refund", "refund");
		event("refund_failure", "refund_failure");
		event("transfer", "transfer");
		event("transfer_refund", "transfer_reversal");
		TYPES.put("payout", new Mapping(PAYOUT, LedgerAccounts.PLATFORM_BANK_PAYOUTS));
		TYPES.put("payout_cancel", new Mapping(PAYOUT, LedgerAccounts.PLATFORM_BANK_PAYOUTS));
		TYPES.put("payout_failure", new Mapping(PAYOUT, LedgerAccounts.PLATFORM_BANK_PAYOUTS));
		settlement(LedgerAccounts.PLATFORM_STRIPE_FEES, "stripe_fee", "stripe_fx_fee", "tax_fee", "fee_credit_funding");
		settlement(LedgerAccounts.PLATFORM_FEE_REVENUE, "application_fee", "application_fee_refund");
		settlement(LedgerAccounts.PLATFORM_TAX_PAYABLE, "tax_fund");
		settlement(LedgerAccounts.PLATFORM_BANK_PAYOUTS, "topup", "topup_reversal", "inbound_transfer",
				"inbound_transfer_reversal");
		settlement(LedgerAccounts.PLATFORM_STRIPE_ADJUSTMENTS, "adjustment", "advance", "advance_funding",
				"anticipation_repayment", "climate_order_purchase", "climate_order_refund", "connect_collection_transfer",
				"contribution", "issuing_authorization_hold", "issuing_authorization_release", "issuing_dispute",
				"issuing_transaction", "obligation_outbound", "obligation_reversal_inbound", "payment_failure_refund",
				"payment_network_reserve_hold", "payment_network_reserve_release", "payment_reversal",
				"payment_unreconciled", "payout_minimum_balance_hold", "payout_minimum_balance_release", "reserve_hold",
				"reserve_release", "reserve_transaction", "reserved_funds", "stripe_balance_payment_debit",
				"stripe_balance_payment_debit_reversal", "transfer_cancel", "transfer_failure");
	}

	private BalanceTransactionTypes() {
	}

	private static void event(String type, String category) {
		TYPES.put(type, new Mapping(category, null));
	}

	private static void settlement(String account, String... types) {
		for (String type : types) {
			TYPES.put(type, new Mapping(SETTLEMENT, account));
		}
	}

	/** Every mapped type, in the README's order. */
	static Map<String, Mapping> all() {
		return java.util.Collections.unmodifiableMap(TYPES);
	}

	/**
	 * A staged row's category.
	 * @param type Stripe's type
	 * @param reportingCategory Stripe's reporting category, may be null
	 * @param sourceType the expanded source's object, may be null
	 * @param sourceId the source's id, may be null
	 * @return its category, {@link #UNMAPPED} for a type not in the table
	 */
	static String category(String type, String reportingCategory, String sourceType, String sourceId) {
		if (isDispute(type, reportingCategory, sourceType, sourceId)) {
			return "dispute";
		}
		Mapping mapping = TYPES.get(type);
		return (mapping != null) ? mapping.category() : UNMAPPED;
	}

	/**
	 * The account a settlement-booked row moves cash against.
	 * @return the account, or null for a row the settlement step does not book (event-booked, dispute, unmapped)
	 */
	static String account(String type, String reportingCategory, String sourceType, String sourceId) {
		if (isDispute(type, reportingCategory, sourceType, sourceId)) {
			return null;
		}
		Mapping mapping = TYPES.get(type);
		return (mapping != null) ? mapping.account() : null;
	}

	/**
	 * The category as a SQL expression over a {@code reconciliation_stripe_rows} alias, the same rules as
	 * {@link #category}.
	 * @param alias the table alias, e.g. {@code r}
	 * @return a {@code CASE} expression
	 */
	static String categorySql(String alias) {
		String byType = TYPES.entrySet()
			.stream()
			.collect(Collectors.groupingBy((entry) -> entry.getValue().category(), LinkedHashMap::new,
					Collectors.mapping((entry) -> "'" + entry.getKey() + "'", Collectors.joining(", "))))
			.entrySet()
			.stream()
			.map((group) -> " WHEN " + alias + ".type IN (" + group.getValue() + ") THEN '" + group.getKey() + "'")
			.collect(Collectors.joining());
		return "CASE WHEN " + alias + ".type = 'adjustment' AND (" + alias
				+ ".reporting_category IN ('dispute', 'dispute_reversal') OR " + alias + ".source_type = 'dispute' OR "
				+ alias + ".source_id LIKE 'du\\_%') THEN 'dispute'" + byType + " ELSE '" + UNMAPPED + "' END";
	}

	private static boolean isDispute(String type, String reportingCategory, String sourceType, String sourceId) {
		return "adjustment".equals(type) && ("dispute".equals(reportingCategory)
				|| "dispute_reversal".equals(reportingCategory) || "dispute".equals(sourceType)
				|| (sourceId != null && sourceId.startsWith("du_")));
	}

}
