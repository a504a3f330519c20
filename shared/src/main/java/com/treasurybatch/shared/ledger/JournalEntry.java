package com.treasurybatch.shared.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A journal to post: what happened, once, as balanced lines.
 *
 * <p>Invariants (checked on construction, and again by the database at commit):
 * <ul>
 * <li>at least two lines, each with a positive amount;</li>
 * <li>in every currency, the debits equal the credits;</li>
 * <li>{@code (sourceId, kind)} names the business event: a second journal for it is never written.</li>
 * </ul>
 *
 * @param kind what kind of event, lowercase letters and underscores, e.g. {@code sale}, {@code reversal}
 * @param sourceId what caused it, e.g. the Stripe Checkout Session id {@code cs_...}; at most 255 characters
 * @param description for people; ids and amounts only, never personal data
 * @param effectiveAt when it happened in the world (UTC)
 * @param lines the postings
 * @param reversesJournalId the journal this one mirrors, or null
 * @param exchangeRate Stripe's exchange rate of a {@code settlement_conversion} journal
 * ({@code balance_transaction.exchange_rate}, docs.stripe.com/api/balance_transactions/object), else null
 */
public record JournalEntry(String kind, String sourceId, String description, Instant effectiveAt,
		List<JournalLine> lines, Long reversesJournalId, BigDecimal exchangeRate) {

	/** Longest accepted source id, as {@code journals_source_id_length} in the schema. */
	public static final int SOURCE_ID_LENGTH_MAX = 255;

	private static final Pattern KIND = Pattern.compile("[a-z_]+");

	/**
	 * Checks the invariants.
	 * @throws IllegalArgumentException saying which invariant the entry breaks
	 */
	public JournalEntry {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(sourceId, "sourceId");
		Objects.requireNonNull(description, "description");
		Objects.requireNonNull(effectiveAt, "effectiveAt");
		Objects.requireNonNull(lines, "lines");
		lines = List.copyOf(lines);
		if (!KIND.matcher(kind).matches()) {
			throw new IllegalArgumentException("Journal kind must be lowercase letters and underscores, got '" + kind
					+ "'");
		}
		if (sourceId.isBlank() || sourceId.length() > SOURCE_ID_LENGTH_MAX) {
			throw new IllegalArgumentException("Journal source id must have 1 to " + SOURCE_ID_LENGTH_MAX
					+ " characters, got '" + sourceId + "'");
		}
		if (lines.size() < 2) {
			throw new IllegalArgumentException("Journal " + kind + " " + sourceId + " has " + lines.size()
					+ " line(s); a journal needs at least two");
		}
		checkBalanced(kind, sourceId, lines);
	}

	/**
	 * A journal without an exchange rate.
	 * @param kind kind, e.g. {@code sale}
	 * @param sourceId what caused it
	 * @param description for people
	 * @param effectiveAt when it happened (UTC)
	 * @param lines balanced postings
	 * @param reversesJournalId the journal this one mirrors, or null
	 * @throws IllegalArgumentException if an invariant does not hold
	 */
	public JournalEntry(String kind, String sourceId, String description, Instant effectiveAt, List<JournalLine> lines,
			Long reversesJournalId) {
		this(kind, sourceId, description, effectiveAt, lines, reversesJournalId, null);
	}

	/**
	 * A new journal (not a reversal).
	 * @param kind kind, e.g. {@code sale}
	 * @param sourceId what caused it
	 * @param description for people
	 * @param effectiveAt when it happened (UTC)
	 * @param lines balanced postings
	 * @return the entry
	 * @throws IllegalArgumentException if an invariant does not hold
	 */
	public static JournalEntry of(String kind, String sourceId, String description, Instant effectiveAt,
			List<JournalLine> lines) {
		return new JournalEntry(kind, sourceId, description, effectiveAt, lines, null);
	}

	private static void checkBalanced(String kind, String sourceId, List<JournalLine> lines) {
		Map<String, Long> netByCurrency = new TreeMap<>();
		for (JournalLine line : lines) {
			long signed = (line.side() == Side.DEBIT) ? line.amountCents() : -line.amountCents();
			netByCurrency.merge(line.currency(), signed, Math::addExact);
		}
		netByCurrency.forEach((currency, net) -> {
			if (net != 0) {
				throw new IllegalArgumentException("Journal " + kind + " " + sourceId + " does not balance in "
						+ currency + ": debits exceed credits by " + net + " minor units");
			}
		});
	}

}
