package com.treasurybatch.launcher.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.ledger.AccountFigures;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerSnapshots;

/**
 * {@code GET /api/accounts?as_of=<instant>} (OPS, FINANCE, AUDITOR): every platform account's balance per currency
 * at that instant (journals effective at or before it; default now), and the payables in total, from the daily
 * balance snapshots plus the journals after them ({@link LedgerSnapshots}). Amounts in minor units, balances on
 * each account's normal side ({@code shared/.../ledger/README.md}).
 */
@RestController
@RequestMapping("/api/accounts")
class AccountsController {

	private final LedgerSnapshots snapshots;

	private final Clock clock;

	AccountsController(LedgerSnapshots snapshots, Clock clock) {
		this.snapshots = snapshots;
		this.clock = clock;
	}

	/**
	 * {@code {"asOf", "accounts": [{"account", "type", "currency", "debitsCents", "creditsCents", "balanceCents"}],
	 * "payables": [{"currency", "accounts", "debitsCents", "creditsCents", "balanceCents"}]}}.
	 */
	@GetMapping
	AccountsView balances(@RequestParam(name = "as_of", required = false) Instant asOf) {
		Instant at = (asOf != null) ? asOf : this.clock.instant();
		List<AccountLine> platform = new ArrayList<>();
		Map<String, PayablesLine> payables = new TreeMap<>();
		for (AccountFigures f : this.snapshots.figuresAt(at, null)) {
			if (LedgerAccounts.isPayable(f.accountCode())) {
				payables.merge(f.currency(), new PayablesLine(f.currency(), 1, f.debits(), f.credits(),
						f.balanceCents()),
						(a, b) -> new PayablesLine(a.currency(), a.accounts() + 1, a.debitsCents() + b.debitsCents(),
								a.creditsCents() + b.creditsCents(), a.balanceCents() + b.balanceCents()));
			}
			else {
				platform.add(new AccountLine(f.accountCode(), LedgerAccounts.typeOf(f.accountCode()).name(),
						f.currency(), f.debits(), f.credits(), f.balanceCents()));
			}
		}
		return new AccountsView(at, platform, new ArrayList<>(payables.values()));
	}

	record AccountsView(Instant asOf, List<AccountLine> accounts, List<PayablesLine> payables) {
	}

	record AccountLine(String account, String type, String currency, long debitsCents, long creditsCents,
			long balanceCents) {
	}

	record PayablesLine(String currency, int accounts, long debitsCents, long creditsCents, long balanceCents) {
	}

}
