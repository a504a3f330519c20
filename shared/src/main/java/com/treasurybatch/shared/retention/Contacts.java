package com.treasurybatch.shared.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code contacts} table: one row per email address (case-insensitive), named elsewhere by its opaque id. */
@Component
public class Contacts {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public Contacts(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * The contact of an email address, created or updated (a null name or country keeps the one known).
	 * @param email address as Stripe reported it
	 * @param name or null
	 * @param country ISO 3166-1 alpha-2 or null
	 * @param stripeAccount {@code acct_...} when a payee, else null
	 * @return its opaque id
	 * @throws IllegalArgumentException if the email has no {@code @}
	 */
	public String upsert(String email, String name, String country, String stripeAccount) {
		if (email == null || !email.matches("[^@\\s]+@[^@\\s]+")) {
			throw new IllegalArgumentException("Not an email address: " + email);
		}
		String normalisedCountry = (country != null && country.matches("[A-Za-z]{2}"))
				? country.toUpperCase(Locale.ROOT) : null;
		Timestamp now = Timestamp.from(this.clock.instant());
		// a returning buyer changes nothing most of the time: the row is then not rewritten, only its id read
		List<String> ids = this.jdbc.queryForList("""
				WITH upserted AS (
				    INSERT INTO contacts (id, email, name, country, stripe_account, created_at, updated_at)
				    VALUES (?, ?, ?, ?, ?, ?, ?)
				    ON CONFLICT (lower(email)) DO UPDATE SET name = coalesce(EXCLUDED.name, contacts.name),
				        country = coalesce(EXCLUDED.country, contacts.country),
				        stripe_account = coalesce(contacts.stripe_account, EXCLUDED.stripe_account),
				        updated_at = EXCLUDED.updated_at
				    WHERE contacts.name IS DISTINCT FROM coalesce(EXCLUDED.name, contacts.name)
				       OR contacts.country IS DISTINCT FROM coalesce(EXCLUDED.country, contacts.country)
				       OR contacts.stripe_account IS DISTINCT FROM coalesce(contacts.stripe_account,
				                                                           EXCLUDED.stripe_account)
				    RETURNING id)
				SELECT id FROM upserted
				UNION ALL
				SELECT id FROM contacts WHERE lower(email) = lower(?) AND NOT EXISTS (SELECT 1 FROM upserted)
				""", String.class, "ct_" + UUID.randomUUID().toString().replace("-", ""), email, name,
				normalisedCountry, stripeAccount, now, now, email);
		if (ids.isEmpty()) {
			// inserted by a transaction that committed after this statement's snapshot: read it now
			ids = this.jdbc.queryForList("SELECT id FROM contacts WHERE lower(email) = lower(?)", String.class, email);
		}
		if (ids.size() != 1) {
			throw new IllegalStateException("Contact upsert found " + ids.size() + " contacts for one email");
		}
		return ids.get(0);
	}

	/**
	 * @param id opaque contact id
	 * @return the contact; empty when unknown (or erased)
	 */
	public Optional<Contact> find(String id) {
		List<Contact> found = this.jdbc.query("SELECT id, email, name, country FROM contacts WHERE id = ?",
				(rs, n) -> new Contact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), id);
		return found.stream().findFirst();
	}

	/**
	 * @param stripeAccount {@code acct_...}
	 * @return the payee's contact id, if known
	 */
	public Optional<String> findByStripeAccount(String stripeAccount) {
		return this.jdbc.queryForList("SELECT id FROM contacts WHERE stripe_account = ?", String.class, stripeAccount)
			.stream()
			.findFirst();
	}

}
