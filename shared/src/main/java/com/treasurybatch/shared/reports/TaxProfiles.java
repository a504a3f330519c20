package com.treasurybatch.shared.reports;

import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.opencsv.CSVReaderHeaderAware;
import com.opencsv.exceptions.CsvValidationException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * Payees' tax and invoicing data ({@code payee_tax_profiles}, the one table holding it): read by the 1099 and VAT
 * invoice writers, loaded by finance from a CSV file ({@code tax-profiles load}). Every change is audited
 * ({@code tax-profile.upsert}, target the account; the audit row names no personal data).
 */
@Repository
public class TaxProfiles {

	/** Columns of a load file (header row required; {@code address_line2}, {@code postal_code}, {@code tin},
	 * {@code vat_id} may be empty). */
	public static final List<String> COLUMNS = List.of("account_id", "legal_name", "address_line1", "address_line2",
			"city", "postal_code", "country", "tin", "vat_id", "business");

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final Clock clock;

	TaxProfiles(JdbcClient jdbc, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.clock = clock;
	}

	/** The profile of a payee, if loaded. */
	public Optional<TaxProfile> find(String accountId) {
		return this.jdbc.sql("""
				SELECT account_id, legal_name, address_line1, address_line2, city, postal_code, country, tin, vat_id,
				       business FROM payee_tax_profiles WHERE account_id = ?""")
			.param(accountId)
			.query(TaxProfile.class)
			.optional();
	}

	/**
	 * Loads a CSV file (RFC 4180, UTF-8, header row with {@link #COLUMNS}): every row is checked first, then all are
	 * written in one transaction (insert or replace), each audited. Nothing is written if any row is bad.
	 * @param csv the file's content
	 * @param actor who loads it
	 * @return the profiles written
	 * @throws IllegalArgumentException naming the first bad row and why
	 * @throws IOException if the file cannot be read
	 */
	@Transactional
	public List<TaxProfile> load(Reader csv, Actor actor) throws IOException {
		List<TaxProfile> profiles = new ArrayList<>();
		try (CSVReaderHeaderAware reader = new CSVReaderHeaderAware(csv)) {
			Map<String, String> row;
			int line = 1;
			while ((row = reader.readMap()) != null) {
				line++;
				try {
					profiles.add(parse(row));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("Row " + line + ": " + ex.getMessage(), ex);
				}
			}
		}
		catch (CsvValidationException ex) {
			throw new IllegalArgumentException("Not a valid CSV file: " + ex.getMessage(), ex);
		}
		profiles.forEach((profile) -> upsert(profile, actor));
		return profiles;
	}

	/**
	 * Inserts or replaces one profile, audited.
	 * @throws org.springframework.dao.DataAccessException if the database refuses it
	 */
	@Transactional
	public void upsert(TaxProfile profile, Actor actor) {
		this.jdbc.sql("""
				INSERT INTO payee_tax_profiles (account_id, legal_name, address_line1, address_line2, city, postal_code,
				    country, tin, vat_id, business, updated_at, updated_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (account_id) DO UPDATE SET legal_name = EXCLUDED.legal_name,
				    address_line1 = EXCLUDED.address_line1, address_line2 = EXCLUDED.address_line2,
				    city = EXCLUDED.city, postal_code = EXCLUDED.postal_code, country = EXCLUDED.country,
				    tin = EXCLUDED.tin, vat_id = EXCLUDED.vat_id, business = EXCLUDED.business,
				    updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by""")
			.params(profile.accountId(), profile.legalName(), profile.addressLine1(), profile.addressLine2(),
					profile.city(), profile.postalCode(), profile.country(), profile.tin(), profile.vatId(),
					profile.business(), OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC), actor.name())
			.update();
		this.audit.record(new AuditEvent(actor, "tax-profile.upsert", profile.accountId(),
				Map.of("country", profile.country(), "business", profile.business()), AuditOutcome.OK,
				"tax and invoicing data loaded"));
	}

	private static TaxProfile parse(Map<String, String> row) {
		for (String column : COLUMNS) {
			if (!row.containsKey(column)) {
				throw new IllegalArgumentException("missing column " + column + "; columns are " + COLUMNS);
			}
		}
		String account = required(row, "account_id");
		if (!account.matches("acct_[A-Za-z0-9]+")) {
			throw new IllegalArgumentException("account_id must be a Stripe connected account acct_..., got " + account);
		}
		String country = required(row, "country").toUpperCase(Locale.ROOT);
		if (!country.matches("[A-Z]{2}")) {
			throw new IllegalArgumentException("country must be ISO 3166-1 alpha-2 (US, DE, ...), got " + country);
		}
		String tin = optional(row, "tin");
		if (tin != null) {
			tin = tin.replace("-", "");
			if (!tin.matches("[0-9]{9}")) {
				throw new IllegalArgumentException("tin must be nine digits (SSN or EIN, dashes allowed)");
			}
		}
		String vatId = optional(row, "vat_id");
		if (vatId != null) {
			vatId = vatId.replace(" ", "").toUpperCase(Locale.ROOT);
			if (!vatId.matches("[A-Z]{2}[A-Z0-9+*]{2,13}")) {
				throw new IllegalArgumentException("vat_id must be a country prefix and 2 to 13 characters, got " + vatId);
			}
		}
		String business = required(row, "business").toLowerCase(Locale.ROOT);
		if (!business.equals("true") && !business.equals("false")) {
			throw new IllegalArgumentException("business must be true or false, got " + business);
		}
		return new TaxProfile(account, required(row, "legal_name"), required(row, "address_line1"),
				optional(row, "address_line2"), required(row, "city"), optional(row, "postal_code"), country, tin,
				vatId, Boolean.parseBoolean(business));
	}

	private static String required(Map<String, String> row, String column) {
		String value = optional(row, column);
		if (value == null) {
			throw new IllegalArgumentException(column + " is required");
		}
		return value;
	}

	private static String optional(Map<String, String> row, String column) {
		String value = row.get(column);
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
