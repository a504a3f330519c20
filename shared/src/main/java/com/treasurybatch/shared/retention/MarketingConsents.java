package com.treasurybatch.shared.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code marketing_consents} table: the latest basis recorded per contact, and where it was read. */
@Component
public class MarketingConsents {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public MarketingConsents(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records the basis decided from a Checkout Session ({@link ConsentBasis#decide}). An explicit answer
	 * ({@code opt_in}/{@code opt_out}) replaces what was known; a session that did not ask keeps an earlier answer.
	 * @param contactId opaque contact id
	 * @param promotions Stripe's {@code consent.promotions}, or null
	 * @param country ISO 3166-1 alpha-2, or null
	 * @param source {@code cs_...}
	 * @return the basis in force after recording
	 */
	public ConsentBasis record(String contactId, String promotions, String country, String source) {
		ConsentBasis decided = ConsentBasis.decide(promotions, country);
		Timestamp now = Timestamp.from(this.clock.instant());
		String basis = this.jdbc.queryForObject("""
				INSERT INTO marketing_consents (contact_id, basis, promotions, country, source, recorded_at)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (contact_id) DO UPDATE SET basis = EXCLUDED.basis, promotions = EXCLUDED.promotions,
				    country = EXCLUDED.country, source = EXCLUDED.source, recorded_at = EXCLUDED.recorded_at
				WHERE EXCLUDED.promotions IS NOT NULL OR marketing_consents.promotions IS NULL
				RETURNING basis
				""", String.class, contactId, decided.code(), promotions, country, source, now);
		return (basis != null) ? ConsentBasis.fromCode(basis) : find(contactId).orElse(decided);
	}

	/**
	 * @param contactId opaque contact id
	 * @return the recorded basis, if any
	 */
	public Optional<ConsentBasis> find(String contactId) {
		return this.jdbc
			.queryForList("SELECT basis FROM marketing_consents WHERE contact_id = ?", String.class, contactId)
			.stream()
			.findFirst()
			.map(ConsentBasis::fromCode);
	}

}
