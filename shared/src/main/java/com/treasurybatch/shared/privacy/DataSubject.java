package com.treasurybatch.shared.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who an erasure request is about, by every identifier this system may hold them under. A person reaches us as a
 * buyer (email addresses Stripe collected at checkout, their Stripe customer {@code cus_...}), as a host or artist
 * (their Stripe Connect account {@code acct_...}), and as an app user (the analytics user id). A request names at
 * least one; the more it names, the more is found. Emails are compared lower-case.
 *
 * @param emails email addresses, lower-cased
 * @param customerIds Stripe customer ids, {@code cus_...}
 * @param accountIds Stripe connected account ids, {@code acct_...}
 * @param analyticsUserIds analytics user ids (opaque, 1 to 128 characters)
 */
public record DataSubject(List<String> emails, List<String> customerIds, List<String> accountIds,
		List<String> analyticsUserIds) {

	/** Most identifiers of one kind in one request. */
	public static final int IDENTIFIERS_MAX = 20;

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,200}@[^@\\s]{1,200}");

	private static final Pattern CUSTOMER = Pattern.compile("cus_[A-Za-z0-9]{1,64}");

	private static final Pattern ACCOUNT = Pattern.compile("acct_[A-Za-z0-9]{1,64}");

	private static final Pattern ANALYTICS_USER = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

	/**
	 * Normalises (lower-cases emails, drops duplicates, sorts) and validates.
	 * @throws IllegalArgumentException if nothing is named, or an identifier is malformed (the message names the
	 * kind, never the value)
	 */
	public DataSubject {
		emails = normalise(emails, EMAIL, "email", true);
		customerIds = normalise(customerIds, CUSTOMER, "Stripe customer id (cus_...)", false);
		accountIds = normalise(accountIds, ACCOUNT, "connected account id (acct_...)", false);
		analyticsUserIds = normalise(analyticsUserIds, ANALYTICS_USER, "analytics user id", false);
		if (emails.isEmpty() && customerIds.isEmpty() && accountIds.isEmpty() && analyticsUserIds.isEmpty()) {
			throw new IllegalArgumentException(
					"an erasure request names the subject by at least one email, customer, account or analytics user id");
		}
	}

	/**
	 * The identifiers as typed keys, {@code email:a@b.c}, {@code customer:cus_...}, {@code account:acct_...},
	 * {@code analytics:...}: the form stored Stripe payloads are indexed by ({@code inbox_subject_keys}).
	 * @return the keys, sorted
	 */
	public List<String> keys() {
		List<String> keys = new ArrayList<>();
		this.emails.forEach((value) -> keys.add("email:" + value));
		this.customerIds.forEach((value) -> keys.add("customer:" + value));
		this.accountIds.forEach((value) -> keys.add("account:" + value));
		this.analyticsUserIds.forEach((value) -> keys.add("analytics:" + value));
		return keys;
	}

	/**
	 * The subject's pseudonym in the erasure log and the audit trail: hex SHA-256 of {@link #keys()} joined by
	 * newlines. Whoever holds the same identifiers can recompute it to find the proof; it reveals nothing else.
	 * @return 64 lower-case hex digits
	 */
	public String hash() {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(String.join("\n", keys()).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	private static List<String> normalise(List<String> values, Pattern format, String kind, boolean lowerCase) {
		if (values == null) {
			return List.of();
		}
		TreeSet<String> normalised = new TreeSet<>();
		for (String value : values) {
			String trimmed = (value != null) ? value.trim() : "";
			if (lowerCase) {
				trimmed = trimmed.toLowerCase(Locale.ROOT);
			}
			if (!format.matcher(trimmed).matches()) {
				throw new IllegalArgumentException("not a valid " + kind);
			}
			normalised.add(trimmed);
		}
		if (normalised.size() > IDENTIFIERS_MAX) {
			throw new IllegalArgumentException("at most " + IDENTIFIERS_MAX + " of each kind of identifier");
		}
		return List.copyOf(normalised);
	}

}
