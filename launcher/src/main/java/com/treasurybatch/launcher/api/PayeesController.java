package com.treasurybatch.launcher.api;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.ledger.AccountFigures;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerSnapshots;
import com.treasurybatch.shared.ledger.PayeeEntryPages;
import com.treasurybatch.shared.ledger.PayeeLedger;
import com.treasurybatch.shared.payouts.NightlyPayoutsProperties;
import com.treasurybatch.shared.payouts.PayoutCandidate;
import com.treasurybatch.shared.payouts.PayoutCandidates;

/**
 * {@code /api/payees}: what the platform owes each payee (OPS, FINANCE, AUDITOR read). Amounts in minor units,
 * instants ISO-8601 UTC. Balances come from the daily balance snapshots plus later journals
 * ({@link LedgerSnapshots}); cool-off and open payouts follow the nightly payouts' rules
 * ({@code jobs/.../payouts/README.md}): what the next night would pay is {@code availableCents}.
 */
@RestController
@RequestMapping("/api/payees")
class PayeesController {

	private static final int PAGE_DEFAULT = 50;

	private final PayoutCandidates candidates;

	private final PayeeLedger payeeLedger;

	private final LedgerSnapshots snapshots;

	private final ConnectedAccounts accounts;

	private final NightlyPayoutsProperties payoutRules;

	private final Clock clock;

	private final ZoneId zone;

	private final PayeeEntryPages entryPages;

	PayeesController(PayoutCandidates candidates, PayeeLedger payeeLedger, LedgerSnapshots snapshots,
			ConnectedAccounts accounts, NightlyPayoutsProperties payoutRules, Clock clock,
			@Value("${treasury.zone:UTC}") ZoneId zone, PayeeEntryPages entryPages) {
		this.candidates = candidates;
		this.payeeLedger = payeeLedger;
		this.snapshots = snapshots;
		this.accounts = accounts;
		this.payoutRules = payoutRules;
		this.clock = clock;
		this.zone = zone;
		this.entryPages = entryPages;
	}

	/**
	 * {@code GET /api/payees/{account}}: {@code {"account", "payoutStatus": {"known", "payoutsEnabled",
	 * "disabledReason", "requirementsCurrentlyDue"}, "currencies": [{"currency", "balanceCents",
	 * "coolingOffCents", "reservedCents", "inOpenPayoutsCents", "availableCents"}]}}. The balance is the payable
	 * (disputes' reserve already taken out of it: {@code reservedCents} says how much of the payee's money the
	 * reserve holds); available = balance − cooling off − open (PENDING, HELD) payouts. 400 for a malformed account.
	 */
	@GetMapping("/{account}")
	PayeeView show(@PathVariable("account") String account) {
		requireAccount(account);
		Instant coolOffStart = LocalDate.now(this.clock.withZone(this.zone))
			.minusDays(this.payoutRules.coolOffDays())
			.atStartOfDay(this.zone)
			.toInstant();
		Map<String, CurrencyView> byCurrency = new TreeMap<>();
		for (PayoutCandidate c : this.candidates.forPayee(account, coolOffStart)) {
			byCurrency.put(c.currency(), new CurrencyView(c.currency(), c.balanceCents(), c.coolingCents(), 0,
					c.heldCents(), Math.max(0, c.availableCents())));
		}
		this.payeeLedger.reserved(account).forEach((currency, reserved) -> byCurrency.merge(currency,
				new CurrencyView(currency, 0, 0, reserved, 0, 0), (a, b) -> new CurrencyView(a.currency(),
						a.balanceCents(), a.coolingOffCents(), b.reservedCents(), a.inOpenPayoutsCents(),
						a.availableCents())));
		ConnectedAccount connected = this.accounts.find(account).orElse(null);
		PayoutStatusView status = (connected != null)
				? new PayoutStatusView(true, connected.payoutsEnabled(), connected.disabledReason(),
						connected.requirementsCurrentlyDue())
				: new PayoutStatusView(false, false, null, List.of());
		return new PayeeView(account, status, new ArrayList<>(byCurrency.values()));
	}

	/**
	 * {@code GET /api/payees?negative=&currency=&cursor=&limit=}: payees by account id with their payable balance
	 * per currency ({@code {"payees": [{"account", "currency", "balanceCents"}], "next": cursor or null}});
	 * {@code negative=true} only negative balances (owed to the platform). Keyset pages: {@code next} is the cursor
	 * of the following page.
	 */
	@GetMapping
	PayeePage list(@RequestParam(name = "negative", defaultValue = "false") boolean negative,
			@RequestParam(name = "currency", required = false) String currency,
			@RequestParam(name = "cursor", required = false) String cursor,
			@RequestParam(name = "limit", defaultValue = "" + PAGE_DEFAULT) int limit) {
		if (limit < 1 || limit > 1000) {
			throw new IllegalArgumentException("limit: 1 to 1000, got " + limit);
		}
		String after = (cursor != null) ? PayeeEntryPages.decode(cursor) : null;
		List<PayeeBalance> rows = new ArrayList<>();
		for (AccountFigures f : this.snapshots.figuresAt(LedgerSnapshots.LATEST, null)) {
			if (!LedgerAccounts.isPayable(f.accountCode()) || (currency != null && !currency.equals(f.currency()))
					|| (negative && f.balanceCents() >= 0)) {
				continue;
			}
			String key = f.accountCode() + " " + f.currency();
			if (after != null && key.compareTo(after) <= 0) {
				continue;
			}
			rows.add(new PayeeBalance(f.accountCode().substring("payable:".length()), f.currency(), f.balanceCents()));
		}
		rows.sort((a, b) -> (a.account() + " " + a.currency()).compareTo(b.account() + " " + b.currency()));
		String next = null;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			PayeeBalance last = rows.get(limit - 1);
			next = PayeeEntryPages.encode("payable:" + last.account() + " " + last.currency());
		}
		return new PayeePage(List.copyOf(rows), next);
	}

	/**
	 * {@code GET /api/payees/{account}/entries?currency=&from=&to=&cursor=&limit=}: the payee's ledger lines in
	 * effective order with the balance after each ({@code {"account", "currency", "openingCents", "entries":
	 * [{"postingId", "journalId", "kind", "stripeObject", "effectiveAt", "description", "side", "amountCents",
	 * "currency", "balanceCents"}], "next"}}). {@code currency} may be left out when the payee has one; {@code from}
	 * inclusive (default the beginning), {@code to} exclusive (default: now).
	 */
	@GetMapping("/{account}/entries")
	PayeeEntryPages.PayeeEntryPage entries(@PathVariable("account") String account,
			@RequestParam(name = "currency", required = false) String currency,
			@RequestParam(name = "from", required = false) Instant from,
			@RequestParam(name = "to", required = false) Instant to,
			@RequestParam(name = "cursor", required = false) String cursor,
			@RequestParam(name = "limit", defaultValue = "" + PAGE_DEFAULT) int limit) {
		return this.entryPages.page(account, currency, from, to, cursor, limit);
	}

	private static void requireAccount(String account) {
		if (!LedgerAccounts.isConnectedAccountId(account)) {
			throw new IllegalArgumentException("account: a Stripe connected account id acct_..., got '" + account
					+ "'");
		}
	}

	record PayeeView(String account, PayoutStatusView payoutStatus, List<CurrencyView> currencies) {
	}

	record PayoutStatusView(boolean known, boolean payoutsEnabled, String disabledReason,
			List<String> requirementsCurrentlyDue) {
	}

	record CurrencyView(String currency, long balanceCents, long coolingOffCents, long reservedCents,
			long inOpenPayoutsCents, long availableCents) {
	}

	record PayeeBalance(String account, String currency, long balanceCents) {
	}

	record PayeePage(List<PayeeBalance> payees, String next) {
	}

}
