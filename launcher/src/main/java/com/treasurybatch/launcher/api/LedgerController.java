package com.treasurybatch.launcher.api;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.TrialBalanceLine;

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
		List<TrialBalanceLine> lines = this.ledger.trialBalance();
		return new TrialBalance(lines.stream().allMatch(TrialBalanceLine::balanced), lines);
	}

	record TrialBalance(boolean balanced, List<TrialBalanceLine> currencies) {
	}

}
