package com.treasurybatch.launcher.api;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.ledger.Ledger;

/** {@code /api/ledger}: read-only views of the books (OPS, FINANCE, AUDITOR). */
@RestController
@RequestMapping("/api/ledger")
class LedgerController {

	private final Ledger ledger;

	LedgerController(Ledger ledger) {
		this.ledger = ledger;
	}

	/**
	 * {@code GET /api/ledger/trial-balance}: {@code {"balanced": true, "currencies": [{"currency": "usd",
	 * "debitsCents": 123, "creditsCents": 123, "balanced": true}]}}; amounts in minor units.
	 */
	@GetMapping("/trial-balance")
	TrialBalance trialBalance() {
		List<CurrencyTotals> lines = this.ledger.trialBalance()
			.stream()
			.map((line) -> new CurrencyTotals(line.currency(), line.debitsCents(), line.creditsCents(), line.balanced()))
			.toList();
		return new TrialBalance(lines.stream().allMatch(CurrencyTotals::balanced), lines);
	}

	record TrialBalance(boolean balanced, List<CurrencyTotals> currencies) {
	}

	record CurrencyTotals(String currency, long debitsCents, long creditsCents, boolean balanced) {
	}

}
