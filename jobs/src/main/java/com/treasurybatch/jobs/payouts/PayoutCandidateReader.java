package com.treasurybatch.jobs.payouts;

import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.batch.infrastructure.item.ItemReader;

import com.treasurybatch.shared.payouts.PayoutCandidate;
import com.treasurybatch.shared.payouts.PayoutCandidates;

/**
 * Reads one partition's candidates: loads them on the first read (one bounded query pair, see
 * {@link PayoutCandidates}), then hands them out in order. Used by one thread (one partition); keeps no restart
 * state: a restart reads the partition again, and rows already decided are not candidates any more.
 */
class PayoutCandidateReader implements ItemReader<PayoutCandidate> {

	private final Supplier<List<PayoutCandidate>> loader;

	private Iterator<PayoutCandidate> candidates;

	PayoutCandidateReader(Supplier<List<PayoutCandidate>> loader) {
		this.loader = loader;
	}

	@Override
	public PayoutCandidate read() {
		if (this.candidates == null) {
			this.candidates = this.loader.get().iterator();
		}
		return this.candidates.hasNext() ? this.candidates.next() : null;
	}

}
