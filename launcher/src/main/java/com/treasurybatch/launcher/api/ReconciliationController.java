package com.treasurybatch.launcher.api;

import java.time.LocalDate;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.treasurybatch.jobs.reconciliation.ReconciliationReport;
import com.treasurybatch.jobs.reconciliation.Reconciliations;

/**
 * {@code GET /api/reconciliations/{date}} (FINANCE, AUDITOR, OPS): a business date's stripe-reconciliation, with
 * its one-line {@code summary}, totals per category and discrepancies. Minor units, signed as Stripe signs them.
 */
@RestController
@RequestMapping("/api/reconciliations")
class ReconciliationController {

	/**
	 * The report and its one-line summary.
	 * @param summary e.g. {@code 2026-11-20 CLEAN: 1234 Stripe balance transactions agree with the ledger, ledger sound}
	 * @param report the figures
	 */
	record Answer(String summary, ReconciliationReport report) {
	}

	private final Reconciliations reconciliations;

	ReconciliationController(Reconciliations reconciliations) {
		this.reconciliations = reconciliations;
	}

	/** 404 if the date was never reconciled. */
	@GetMapping("/{date}")
	Answer show(@PathVariable("date") LocalDate date) {
		ReconciliationReport report = this.reconciliations.find(date)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, date + " was never reconciled"));
		return new Answer(report.summary(), report);
	}

}
