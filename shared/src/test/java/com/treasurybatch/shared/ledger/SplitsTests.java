package com.treasurybatch.shared.ledger;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Property tests of the largest-remainder split: for any amount (0 to 10^12 minor units) and any rule, the parts
 * sum to the whole and each part is its exact share rounded down, or up by one cent.
 */
class SplitsTests {

	private static final long AMOUNT_MAX = 1_000_000_000_000L;

	@Test
	void partsSumToTheWholeAndStayWithinOneCentForAnyAmountAndAnyRule() {
		qt().withExamples(3000)
			.forAll(longs().between(0, AMOUNT_MAX), splitRules())
			.checkAssert((total, bps) -> assertFairShares(total, bps, Splits.allocate(total, bps)));
	}

	@Test
	void platformFeeAndPayeeTotalMakeTheGross() {
		qt().withExamples(2000).forAll(longs().between(0, AMOUNT_MAX), longs().between(0, 10_000)).checkAssert(
				(gross, feeBps) -> {
					long[] bps = { feeBps, 10_000 - feeBps };
					assertFairShares(gross, bps, Splits.allocate(gross, bps));
				});
	}

	@Test
	void anyWeightsIncludingZerosSplitFairly() {
		qt().withExamples(2000).forAll(longs().between(0, AMOUNT_MAX), anyWeights()).checkAssert((total, weights) -> {
			long[] parts = Splits.allocate(total, weights);
			assertFairShares(total, weights, parts);
			for (int i = 0; i < weights.length; i++) {
				if (weights[i] == 0) {
					assertThat(parts[i]).as("a zero weight gets nothing").isZero();
				}
			}
		});
	}

	@Test
	void theSameInputGivesTheSameParts() {
		qt().withExamples(500)
			.forAll(longs().between(0, 1_000_000_000L), splitRules())
			.checkAssert((total, bps) -> assertThat(Splits.allocate(total, bps))
				.containsExactly(Splits.allocate(total, bps.clone())));
	}

	/** A split rule: 1 to 12 payees, each at least 1 bps, summing to 10000 bps (cuts of 0..10000). */
	private static Gen<long[]> splitRules() {
		return lists().of(integers().between(1, 9_999)).ofSizeBetween(0, 11).map((cuts) -> {
			List<Integer> sorted = List.copyOf(new TreeSet<>(cuts));
			long[] bps = new long[sorted.size() + 1];
			int previous = 0;
			for (int i = 0; i < sorted.size(); i++) {
				bps[i] = sorted.get(i) - previous;
				previous = sorted.get(i);
			}
			bps[sorted.size()] = 10_000 - previous;
			return bps;
		});
	}

	/** 1 to 20 weights of 0 to 10^6, not all zero. */
	private static Gen<long[]> anyWeights() {
		return lists().of(longs().between(0, 1_000_000))
			.ofSizeBetween(1, 20)
			.zip(integers().between(0, 19), (list, index) -> {
				long[] weights = list.stream().mapToLong(Long::longValue).toArray();
				weights[index % weights.length] = Math.max(1, weights[index % weights.length]);
				return weights;
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
			assertThat(parts[i]).as("part %d of %d by %s", i, total, Arrays.toString(weights))
				.isBetween(floor, exact ? floor : floor + 1);
			sum += parts[i];
		}
		assertThat(sum).as("parts of %d", total).isEqualTo(total);
	}

}
