package com.treasurybatch.shared.privacy;

import java.time.Instant;
import java.util.Objects;

/**
 * What one {@link PersonalDataHolder} holds (dry run) or did (erasure) for one erasure request. Holds counts and
 * dates only, never personal data: it goes to the erasure log as is.
 *
 * @param holder the holder's {@link PersonalDataHolder#name()}, e.g. {@code webhook_inbox}
 * @param erased rows deleted or redacted (dry run: that would be), at least 0
 * @param kept rows kept under {@code duty}, at least 0
 * @param duty the legal duty the kept rows are kept under; null when {@code kept} is 0
 * @param keptUntil when the duty ends for the youngest kept row (UTC); null when {@code kept} is 0
 */
public record Holding(String holder, long erased, long kept, LegalDuty duty, Instant keptUntil) {

	/**
	 * @throws IllegalArgumentException on negative counts, or kept rows without a duty and its end
	 */
	public Holding {
		Objects.requireNonNull(holder, "holder");
		if (erased < 0 || kept < 0) {
			throw new IllegalArgumentException("counts are never negative: " + erased + ", " + kept);
		}
		if (kept > 0 && (duty == null || keptUntil == null)) {
			throw new IllegalArgumentException(holder + ": kept rows need the duty they are kept under and its end");
		}
	}

	/** @return rows erased, nothing kept */
	public static Holding erased(String holder, long rows) {
		return new Holding(holder, rows, 0, null, null);
	}

	/** @return rows kept under a duty until the given instant, nothing erased */
	public static Holding kept(String holder, long rows, LegalDuty duty, Instant keptUntil) {
		return new Holding(holder, 0, rows, (rows > 0) ? duty : null, (rows > 0) ? keptUntil : null);
	}

}
