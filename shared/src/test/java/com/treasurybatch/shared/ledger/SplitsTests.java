package com.treasurybatch.shared.ledger;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;

class SplitsTests {

	@Property(tries = 3000)
	void parts_sum_to_the_whole_and_stay_within_one_cent_for_any_amount_and_any_rule(
			@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long totalCents, @ForAll("splitRules") long[] bps) {
		long[] parts = Splits.allocate(totalCents, bps);
		assertFairShares(totalCents, bps, parts);
	}

	@Property(tries = 2000)
	void platform_fee_and_payee_total_make_the_gross(
			@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long grossCents,
			@ForAll @LongRange(min = 0, max = 10_000) long feeBps) {
		long[] bps = { feeBps, 10_000 - feeBps };
		long[] parts = Splits.allocate(grossCents, bps);
		assertFairShares(grossCents, bps, parts);
	}

	@Property(tries = 2000)
	void any_weights_including_zeros_split_fairly(
			@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long totalCents,
			@ForAll("anyWeights") long[] weights) {
		long[] parts = Splits.allocate(totalCents, weights);
		assertFairShares(totalCents, weights, parts);
		for (int i = 0; i < weights.length; i++) {
			if (weights[i] == 0) {
				assertThat(parts[i]).as("a zero weight gets nothing").isZero();
			}
		}
	}

	@Property(tries = 500)
	void the_same_input_gives_the_same_parts(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long totalCents,
			@ForAll("splitRules") long[] bps) {
		assertThat(Splits.allocate(totalCents, bps)).containsExactly(Splits.allocate(totalCents, bps.clone()));
	}

	/** A split rule: 1 to 12 payees, each at least 1 bps, summing to 10000 bps. */
	@Provide
	Arbitrary<long[]> splitRules() {
		return Arbitraries.integers().between(1, 12).flatMap((payees) -> Arbitraries.integers()
			.between(1, 9_999)
			.set()
			.ofSize(payees - 1)
			.map((cuts) -> {
				List<Integer> sorted = cuts.stream().sorted().toList();
				long[] bps = new long[payees];
				int previous = 0;
				for (int i = 0; i < sorted.size(); i++) {
					bps[i] = sorted.get(i) - previous;
					previous = sorted.get(i);
				}
				bps[payees - 1] = 10_000 - previous;
				return bps;
			}));
	}

	/** 1 to 20 weights of 0 to 10^6, not all zero. */
	@Provide
	Arbitrary<long[]> anyWeights() {
		Arbitrary<long[]> weights = Arbitraries.longs()
			.between(0, 1_000_000)
			.array(long[].class)
			.ofMinSize(1)
			.ofMaxSize(20);
		return Combinators.combine(weights, Arbitraries.integers().between(0, 19)).as((array, index) -> {
			long[] copy = array.clone();
			copy[index % copy.length] = Math.max(1, copy[index % copy.length]);
			return copy;
		});
	}

	/** Parts sum to the whole; each is the floor of its exact share, or the floor plus one cent when inexact. */
	private static void assertFairShares(long total, long[] weights, long[] parts) {
		assertThat(parts).hasSize(weights.length);
		long weightSum = 0;
		for (long weight : weights) {
			weightSum += weight;
		}
		long sum = 0;
		for (int i = 0; i < parts.length; i++) {
			long scaled = total * weights[i];
			long floor = scaled / weightSum;
			boolean exact = scaled % weightSum == 0;
			assertThat(parts[i]).as("part %d of %d by %s", i, total, java.util.Arrays.toString(weights))
				.isBetween(floor, exact ? floor : floor + 1);
			sum += parts[i];
		}
		assertThat(sum).as("parts of %d", total).isEqualTo(total);
	}

}
