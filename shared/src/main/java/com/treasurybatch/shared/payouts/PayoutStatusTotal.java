package com.treasurybatch.shared.payouts;

/**
 * How many payouts are in one status and currency, and their sum.
 *
 * @param status the payout status
 * @param currency lowercase ISO code
 * @param count payouts
 * @param amountCents their amounts' sum, minor units
 */
public record PayoutStatusTotal(PayoutStatus status, String currency, long count, long amountCents) {

}
