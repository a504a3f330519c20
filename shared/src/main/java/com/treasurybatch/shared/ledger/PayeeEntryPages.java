package com.treasurybatch.shared.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

/**
 * Pages of a payee's ledger lines with the running balance, as the API ({@code GET /api/payees/{account}/entries})
 * and the console's payee page list them: keyset pages in effective order, each page's cursor an opaque token
 * carrying the last line's effective time, posting id and balance (so the next page needs no sum of what came
 * before it).
 */
@Component
public class PayeeEntryPages {

	/**
	 * Most lines of one page: one line more than the page is read (to know whether a next page exists), and
	 * {@link PayeeLedger#entries} reads at most {@link PayeeLedger#PAGE_MAX}.
	 */
	public static final int LIMIT_MAX = PayeeLedger.PAGE_MAX - 1;

	/** Where a listing without {@code from} starts. */
	private static final Instant BEGINNING = Instant.parse("0001-01-01T00:00:00Z");

	private final PayeeLedger payeeLedger;

	private final LedgerSnapshots snapshots;

	private final Clock clock;

	/**
	 * @param payeeLedger the payable lines
	 * @param snapshots which currencies a payee has
	 * @param clock the default end of a listing
	 */
	public PayeeEntryPages(PayeeLedger payeeLedger, LedgerSnapshots snapshots, Clock clock) {
		this.payeeLedger = payeeLedger;
		this.snapshots = snapshots;
		this.clock = clock;
	}

	/**
	 * One page of lines.
	 * @param account the payee's connected account id ({@code acct_...})
	 * @param currency lowercase ISO 4217 code; null when the payee has exactly one currency
	 * @param from first instant listed (inclusive, UTC), or null for the beginning
	 * @param to end (exclusive, UTC), or null for now
	 * @param cursor the {@code next} of the previous page, or null for the first page
	 * @param limit lines per page, 1 to {@link #LIMIT_MAX}
	 * @return the page; {@code next} is null on the last page
	 * @throws IllegalArgumentException for an account that is not {@code acct_...}, a currency left out for a payee
	 * with none or several, a cursor that is not one of this listing, or a limit out of range
	 */
	public PayeeEntryPage page(String account, String currency, Instant from, Instant to, String cursor, int limit) {
		if (limit < 1 || limit > LIMIT_MAX) {
			throw new IllegalArgumentException("limit: 1 to " + LIMIT_MAX + ", got " + limit);
		}
		if (!LedgerAccounts.isConnectedAccountId(account)) {
			throw new IllegalArgumentException("account: a Stripe connected account id acct_..., got '" + account
					+ "'");
		}
		String listed = (currency != null) ? currency : onlyCurrency(account);
		Instant start = (from != null) ? from : BEGINNING;
		Instant end = (to != null) ? to : this.clock.instant();
		PayeeEntry after = (cursor != null) ? position(decode(cursor), listed) : null;
		long opening = (after != null) ? after.balanceCents()
				: this.payeeLedger.balanceBefore(LedgerAccounts.payable(account), listed, start);
		List<PayeeEntry> page = this.payeeLedger.entries(account, listed, start, end, after, limit + 1);
		String next = null;
		if (page.size() > limit) {
			page = page.subList(0, limit);
			PayeeEntry last = page.get(limit - 1);
			next = encode(last.effectiveAt() + "|" + last.postingId() + "|" + last.balanceCents());
		}
		return new PayeeEntryPage(account, listed, opening, List.copyOf(page), next);
	}

	/**
	 * The currencies a payee has lines in.
	 * @param account {@code acct_...}
	 * @return lowercase codes, sorted; empty for a payee with no lines
	 */
	public TreeSet<String> currencies(String account) {
		TreeSet<String> currencies = new TreeSet<>();
		this.snapshots.figuresAt(LedgerSnapshots.LATEST, LedgerAccounts.payable(account))
			.forEach((f) -> currencies.add(f.currency()));
		return currencies;
	}

	private String onlyCurrency(String account) {
		TreeSet<String> currencies = currencies(account);
		if (currencies.size() != 1) {
			throw new IllegalArgumentException("currency: name one; the payee has "
					+ (currencies.isEmpty() ? "no entries" : "entries in " + String.join(", ", currencies)));
		}
		return currencies.first();
	}

	private static PayeeEntry position(String cursor, String currency) {
		String[] parts = cursor.split("\\|");
		if (parts.length != 3) {
			throw new IllegalArgumentException("cursor: not a cursor of this listing");
		}
		try {
			return new PayeeEntry(Long.parseLong(parts[1]), 0, null, null, Instant.parse(parts[0]), null, null, 0,
					currency, Long.parseLong(parts[2]));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("cursor: not a cursor of this listing", ex);
		}
	}

	/**
	 * An opaque cursor of a listing position (URL-safe Base64 of its UTF-8 text).
	 * @param position the position, e.g. the last line's sort key
	 * @return the cursor
	 */
	public static String encode(String position) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The position of a cursor made by {@link #encode}.
	 * @param cursor the cursor
	 * @return the position
	 * @throws IllegalArgumentException if it is not Base64
	 */
	public static String decode(String cursor) {
		try {
			return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("cursor: not a cursor of this listing", ex);
		}
	}

	/**
	 * A page of a payee's lines.
	 * @param account {@code acct_...}
	 * @param currency lowercase ISO 4217
	 * @param openingCents the payable balance before the page's first line, minor units
	 * @param entries the lines, each with the balance after it
	 * @param next the cursor of the next page, or null on the last
	 */
	public record PayeeEntryPage(String account, String currency, long openingCents, List<PayeeEntry> entries,
			String next) {
	}

}
