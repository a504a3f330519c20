package com.treasurybatch.shared.ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ledger settings, under {@code treasury.ledger}.
 *
 * @param platformFeeBps the platform's commission on a sale whose split rule sets none, in basis points of the
 * gross amount (1000 = 10%); 0 to 10000. Environment: {@code TREASURY_LEDGER_PLATFORM_FEE_BPS}.
 */
@ConfigurationProperties("treasury.ledger")
public record LedgerProperties(@DefaultValue("1000") int platformFeeBps) {

	/** Basis points in a whole. */
	public static final int BPS_WHOLE = 10_000;

	/**
	 * Checks the range.
	 * @throws IllegalArgumentException if the fee is outside 0..10000 bps
	 */
	public LedgerProperties {
		if (platformFeeBps < 0 || platformFeeBps > BPS_WHOLE) {
			throw new IllegalArgumentException(
					"treasury.ledger.platform-fee-bps must be between 0 and 10000 basis points, got " + platformFeeBps);
		}
	}

}
