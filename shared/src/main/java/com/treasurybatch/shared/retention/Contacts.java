package com.treasurybatch.shared.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code contacts} table: one row per email address (case-insensitive), named elsewhere by its opaque id. */
@Component
public class Contacts {

	private static final String UPSERT_ALL_SQL = """
			WITH input AS (
			    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
			        WITH ORDINALITY AS i (id, email, name, country, stripe_account, n)
			), upserted AS (
			    INSERT INTO contacts AS c (id, email, name, country, stripe_account, created_at, updated_at)
			    SELECT id, email, name, country, stripe_account, ?, ? FROM input ORDER BY n
			    ON CONFLICT (lower(email)) DO UPDATE SET name = coalesce(EXCLUDED.name, c.name),
			        country = coalesce(EXCLUDED.country, c.country),
			        stripe_account = coalesce(c.stripe_account, EXCLUDED.stripe_account),
			        updated_at = EXCLUDED.updated_at
			    WHERE c.name IS DISTINCT FROM coalesce(EXCLUDED.name, c.name)
			       OR c.country IS DISTINCT FROM coalesce(EXCLUDED.country, c.country)
			       OR c.stripe_account IS DISTINCT FROM coalesce(c.stripe_account, EXCLUDED.stripe_account)
			    RETURNING lower(c.email) AS email_key, c.id)
			SELECT email_key, id FROM upserted
			UNION ALL
			SELECT lower(c.email), c.id FROM contacts c JOIN input ON lower(c.email) = lower(input.email)
			WHERE NOT EXISTS (SELECT 1 FROM upserted WHERE upserted.email_key = lower(input.email))
			""";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public Contacts(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * The contacts of many email addresses in one statement, as {@link #upsert} one by one in their order would:
	 * an address met twice (case-insensitively) is one contact, keeping the first spelling, the last name and
	 * country given and the first Stripe account.
	 * @param upserts the addresses and what is known of them
	 * @return one opaque id per upsert, in their order
	 * @throws IllegalArgumentException if an email has no {@code @} (nothing is written)
	 */
	public List<String> upsertAll(List<ContactUpsert> upserts) {
		Map<String, ContactUpsert> merged = new LinkedHashMap<>();
		for (ContactUpsert upsert : upserts) {
			requireEmail(upsert.email());
			ContactUpsert known = merged.get(key(upsert.email()));
			String country = normalisedCountry(upsert.country());
			merged.put(key(upsert.email()), (known == null)
					? new ContactUpsert(upsert.email(), upsert.name(), country, upsert.stripeAccount())
					: new ContactUpsert(known.email(), (upsert.name() != null) ? upsert.name() : known.name(),
							(country != null) ? country : known.country(),
							(known.stripeAccount() != null) ? known.stripeAccount() : upsert.stripeAccount()));
		}
		Map<String, String> ids = new HashMap<>();
		if (!merged.isEmpty()) {
			List<ContactUpsert> rows = new ArrayList<>(merged.values());
			Timestamp now = Timestamp.from(this.clock.instant());
			this.jdbc.query((Connection connection) -> {
				PreparedStatement statement = connection.prepareStatement(UPSERT_ALL_SQL);
				statement.setArray(1, connection.createArrayOf("text",
						rows.stream().map((row) -> "ct_" + UUID.randomUUID().toString().replace("-", "")).toArray()));
				statement.setArray(2, connection.createArrayOf("text", rows.stream().map(ContactUpsert::email).toArray()));
				statement.setArray(3, connection.createArrayOf("text", rows.stream().map(ContactUpsert::name).toArray()));
				statement.setArray(4,
						connection.createArrayOf("text", rows.stream().map(ContactUpsert::country).toArray()));
				statement.setArray(5,
						connection.createArrayOf("text", rows.stream().map(ContactUpsert::stripeAccount).toArray()));
				statement.setTimestamp(6, now);
				statement.setTimestamp(7, now);
				return statement;
			}, (ResultSet resultSet) -> {
				ids.put(resultSet.getString(1), resultSet.getString(2));
			});
			for (ContactUpsert row : rows) {
				if (!ids.containsKey(key(row.email()))) {
					// inserted by a transaction that committed after this statement's snapshot: read it now
					List<String> found = this.jdbc.queryForList("SELECT id FROM contacts WHERE lower(email) = lower(?)",
							String.class, row.email());
					if (found.size() != 1) {
						throw new IllegalStateException("Contact upsert found " + found.size() + " contacts for one email");
					}
					ids.put(key(row.email()), found.get(0));
				}
			}
		}
		return upserts.stream().map((upsert) -> ids.get(key(upsert.email()))).toList();
	}

	/**
	 * An email address and what a source says of its owner.
	 * @param email address as Stripe reported it
	 * @param name or null
	 * @param country ISO 3166-1 alpha-2 or null
	 * @param stripeAccount {@code acct_...} when a payee, else null
	 */
	public record ContactUpsert(String email, String name, String country, String stripeAccount) {
	}

	private static String key(String email) {
		return email.toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether a string is taken for an email address here: something, an {@code @}, something, no spaces.
	 * @param email the string, or null
	 * @return true if {@link #upsert} accepts it
	 */
	public static boolean isEmailAddress(String email) {
		return email != null && email.matches("[^@\\s]+@[^@\\s]+");
	}

	private static void requireEmail(String email) {
		if (!isEmailAddress(email)) {
			throw new IllegalArgumentException("Not an email address: " + email);
		}
	}

	private static String normalisedCountry(String country) {
		return (country != null && country.matches("[A-Za-z]{2}")) ? country.toUpperCase(Locale.ROOT) : null;
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
		return upsertAll(List.of(new ContactUpsert(email, name, country, stripeAccount))).get(0);
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
