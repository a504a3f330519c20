package com.treasurybatch.shared.ledger;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Divides an amount of minor units between weighted parts exactly, by the largest remainder method
 * (Hamilton's method): each part gets the floor of its exact share, and the cents left over go one each to the
 * parts with the largest remainders, ties to the lower index.
 *
 * <p>Invariants: the parts always sum to the total; each part is the floor or the ceiling of its exact share
 * {@code total * weight / sum(weights)}, so within one cent of it; a zero weight always gets zero; the same input
 * always gives the same output.
 */
public final class Splits {

	private Splits() {
	}

	/**
	 * Splits {@code total} in proportion to {@code weights}.
	 * @param total amount to divide, minor units, zero or more
	 * @param weights one weight per part (e.g. basis points), each zero or more, not all zero
	 * @return one part per weight, in the same order, summing to {@code total}
	 * @throws IllegalArgumentException if the total is negative, a weight is negative or all weights are zero
	 * @throws ArithmeticException if {@code total * weight} or the sum of weights exceeds a long (for example, a
	 * total of 10^12 cents and basis-point weights are far inside)
	 */
	public static long[] allocate(long total, long[] weights) {
		if (total < 0) {
			throw new IllegalArgumentException("Cannot split a negative amount: " + total);
		}
		if (weights.length == 0) {
			throw new IllegalArgumentException("Cannot split between zero parts");
		}
		long weightSum = 0;
		for (long weight : weights) {
			if (weight < 0) {
				throw new IllegalArgumentException("Split weights must not be negative: " + Arrays.toString(weights));
			}
			weightSum = Math.addExact(weightSum, weight);
		}
		if (weightSum == 0) {
			throw new IllegalArgumentException("Split weights must not all be zero");
		}
		long[] parts = new long[weights.length];
		long[] remainders = new long[weights.length];
		long allocated = 0;
		for (int i = 0; i < weights.length; i++) {
			long scaled = Math.multiplyExact(total, weights[i]);
			parts[i] = scaled / weightSum;
			remainders[i] = scaled % weightSum;
			allocated += parts[i];
		}
		long leftOver = total - allocated;
		int[] byRemainder = IntStream.range(0, weights.length)
			.boxed()
			.sorted(Comparator.<Integer>comparingLong((i) -> remainders[i]).reversed().thenComparingInt((i) -> i))
			.mapToInt(Integer::intValue)
			.toArray();
		for (int k = 0; k < leftOver; k++) {
			parts[byRemainder[k]]++;
		}
		checkInvariants(total, parts);
		return parts;
	}

	private static void checkInvariants(long total, long[] parts) {
		long sum = 0;
		for (long part : parts) {
			sum += part;
		}
		if (sum != total) {
			throw new IllegalStateException("Split parts sum to " + sum + " instead of " + total
					+ ": the largest remainder method lost or invented cents");
		}
	}

}
