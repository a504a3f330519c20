package com.treasurybatch.shared.retention;

import java.util.Set;

/**
 * On what basis a contact may get marketing email, stored by {@link #code()}.
 *
 * <p>EU and EEA buyers (ePrivacy Directive 2002/58/EC Art. 13, GDPR Art. 6(1)(a)) and UK buyers (PECR reg. 22)
 * need prior consent: Stripe Checkout's {@code consent.promotions = opt_in}. Elsewhere an abandoned-checkout email
 * to someone who started a purchase is sent on legitimate interest unless they opted out. An unknown country is
 * treated as EU/UK (the strict rule).
 */
public enum ConsentBasis {

	/** Opted in (GDPR Art. 6(1)(a)). */
	CONSENT("consent"),

	/** Outside the EU/EEA/UK and not opted out. */
	LEGITIMATE_INTEREST("legitimate_interest"),

	/** No basis: no marketing email. */
	NONE("none");

	/** EU member states, the other EEA states and the UK (ISO 3166-1 alpha-2; Greece is GR in ISO). */
	static final Set<String> CONSENT_REQUIRED = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR",
			"DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS",
			"LI", "NO", "GB");

	private final String code;

	ConsentBasis(String code) {
		this.code = code;
	}

	/** @return the value in {@code marketing_consents.basis} */
	public String code() {
		return this.code;
	}

	/** @return true when marketing email may be sent */
	public boolean allowsMarketing() {
		return this != NONE;
	}

	/**
	 * Decides the basis.
	 * @param promotions Stripe's {@code consent.promotions}: {@code opt_in}, {@code opt_out} or null (not asked)
	 * @param country ISO 3166-1 alpha-2 of the buyer's address, or null when unknown
	 * @return the basis
	 */
	public static ConsentBasis decide(String promotions, String country) {
		if ("opt_in".equals(promotions)) {
			return CONSENT;
		}
		if ("opt_out".equals(promotions) || country == null || CONSENT_REQUIRED.contains(country)) {
			return NONE;
		}
		return LEGITIMATE_INTEREST;
	}

	/**
	 * @param code a {@code marketing_consents.basis}
	 * @return its basis
	 * @throws IllegalArgumentException if unknown
	 */
	public static ConsentBasis fromCode(String code) {
		for (ConsentBasis basis : values()) {
			if (basis.code.equals(code)) {
				return basis;
			}
		}
		throw new IllegalArgumentException("Unknown consent basis " + code);
	}

}
