package com.treasurybatch.shared.stripe.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.stripe.model.Account;
import com.stripe.model.Balance;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.BalanceTransactionSource;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Refund;
import com.stripe.model.Payout;
import com.stripe.model.Transfer;
import com.stripe.model.TransferReversal;

import com.treasurybatch.shared.stripe.PayoutMethod;
import com.treasurybatch.shared.stripe.PlatformBalance;
import com.treasurybatch.shared.stripe.StripeAccount;
import com.treasurybatch.shared.stripe.StripeBalanceTransaction;
import com.treasurybatch.shared.stripe.StripeCharge;
import com.treasurybatch.shared.stripe.StripePayout;
import com.treasurybatch.shared.stripe.StripeRefund;
import com.treasurybatch.shared.stripe.StripeReversal;
import com.treasurybatch.shared.stripe.StripeTransfer;

/** stripe-java's models to this project's records: minor units as {@code long}, times as UTC instants. */
final class StripeModels {

	private StripeModels() {
	}

	static StripeTransfer transfer(Transfer transfer) {
		return new StripeTransfer(transfer.getId(), cents(transfer.getAmount()), cents(transfer.getAmountReversed()),
				transfer.getCurrency(), transfer.getDestination(), transfer.getTransferGroup(),
				metadata(transfer.getMetadata()), transfer.getDescription(), transfer.getBalanceTransaction(),
				Boolean.TRUE.equals(transfer.getReversed()), instant(transfer.getCreated()));
	}

	static StripeCharge charge(Charge charge) {
		return new StripeCharge(charge.getId(), charge.getPaymentIntent(), cents(charge.getAmount()),
				cents(charge.getAmountRefunded()), charge.getCurrency());
	}

	static StripeRefund refund(Refund refund) {
		return new StripeRefund(refund.getId(), cents(refund.getAmount()), refund.getCurrency(), refund.getCharge(),
				refund.getPaymentIntent(), refund.getStatus(), instant(refund.getCreated()));
	}

	static StripeReversal reversal(TransferReversal reversal) {
		return new StripeReversal(reversal.getId(), reversal.getTransfer(), cents(reversal.getAmount()),
				reversal.getCurrency(), metadata(reversal.getMetadata()), instant(reversal.getCreated()));
	}

	static StripePayout payout(Payout payout, String account) {
		return new StripePayout(payout.getId(), account, cents(payout.getAmount()), payout.getCurrency(),
				PayoutMethod.fromApiValue(payout.getMethod()), payout.getStatus(), instant(payout.getArrivalDate()),
				instant(payout.getCreated()), payout.getFailureCode());
	}

	static StripeAccount account(Account account) {
		Account.Requirements requirements = account.getRequirements();
		List<String> due = (requirements != null && requirements.getCurrentlyDue() != null)
				? requirements.getCurrentlyDue() : List.of();
		return new StripeAccount(account.getId(), Boolean.TRUE.equals(account.getChargesEnabled()),
				Boolean.TRUE.equals(account.getPayoutsEnabled()), Boolean.TRUE.equals(account.getDetailsSubmitted()),
				due, (requirements != null) ? requirements.getDisabledReason() : null, instant(account.getCreated()));
	}

	static PlatformBalance balance(Balance balance) {
		return new PlatformBalance(
				perCurrency(balance.getAvailable(), Balance.Available::getCurrency, Balance.Available::getAmount),
				perCurrency(balance.getPending(), Balance.Pending::getCurrency, Balance.Pending::getAmount));
	}

	static StripeBalanceTransaction balanceTransaction(BalanceTransaction txn) {
		return new StripeBalanceTransaction(txn.getId(), txn.getType(), cents(txn.getAmount()), cents(txn.getFee()),
				cents(txn.getNet()), txn.getCurrency(), txn.getSource(), txn.getStatus(), txn.getReportingCategory(),
				instant(txn.getCreated()), instant(txn.getAvailableOn()), paymentIntent(txn.getSourceObject()),
				txn.getExchangeRate(), sourceType(txn.getSourceObject()), sourceCurrency(txn.getSourceObject()),
				sourceAmount(txn.getSourceObject()));
	}

	/** The expanded source's {@code object} for the sources matched here; null otherwise or when not expanded. */
	private static String sourceType(BalanceTransactionSource source) {
		if (source instanceof Charge) {
			return "charge";
		}
		if (source instanceof Refund) {
			return "refund";
		}
		if (source instanceof Dispute) {
			return "dispute";
		}
		if (source instanceof Payout) {
			return "payout";
		}
		if (source instanceof Transfer) {
			return "transfer";
		}
		if (source instanceof TransferReversal) {
			return "transfer_reversal";
		}
		return null;
	}

	/** The presentment currency of an expanded charge or refund; null for any other source. */
	private static String sourceCurrency(BalanceTransactionSource source) {
		if (source instanceof Charge charge) {
			return charge.getCurrency();
		}
		if (source instanceof Refund refund) {
			return refund.getCurrency();
		}
		return null;
	}

	/** The presentment amount of an expanded charge or refund; null for any other source. */
	private static Long sourceAmount(BalanceTransactionSource source) {
		if (source instanceof Charge charge) {
			return charge.getAmount();
		}
		if (source instanceof Refund refund) {
			return refund.getAmount();
		}
		return null;
	}

	/** The payment intent of an expanded charge, refund or dispute; null for any other source or an unexpanded one. */
	private static String paymentIntent(BalanceTransactionSource source) {
		if (source instanceof Charge charge) {
			return charge.getPaymentIntent();
		}
		if (source instanceof Refund refund) {
			return refund.getPaymentIntent();
		}
		if (source instanceof Dispute dispute) {
			return dispute.getPaymentIntent();
		}
		return null;
	}

	private static <T> Map<String, Long> perCurrency(List<T> amounts, Function<T, String> currency,
			Function<T, Long> amount) {
		if (amounts == null) {
			return Map.of();
		}
		return amounts.stream().collect(Collectors.toMap(currency, (item) -> cents(amount.apply(item)), Long::sum));
	}

	private static long cents(Long amount) {
		return (amount != null) ? amount : 0L;
	}

	private static Instant instant(Long epochSeconds) {
		return (epochSeconds != null) ? Instant.ofEpochSecond(epochSeconds) : null;
	}

	private static Map<String, String> metadata(Map<String, String> metadata) {
		return (metadata != null) ? metadata : Map.of();
	}

}
