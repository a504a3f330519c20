package com.treasurybatch.launcher.console;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.treasurybatch.jobs.reconciliation.ReconciliationReport;
import com.treasurybatch.jobs.reconciliation.Reconciliations;

/**
 * {@code GET /console/reconciliation?date=yyyy-MM-dd} (default: yesterday in the business zone): the day's
 * stripe-reconciliation, totals per category and currency, discrepancies ({@code .csv}: the discrepancies).
 * Minor units, signed as Stripe signs them.
 */
@Controller
class ConsoleReconciliationController {

	private final Reconciliations reconciliations;

	private final Clock clock;

	private final ZoneId zone;

	ConsoleReconciliationController(Reconciliations reconciliations, Clock clock,
			@Value("${treasury.zone:UTC}") String zone) {
		this.reconciliations = reconciliations;
		this.clock = clock;
		this.zone = ZoneId.of(zone);
	}

	@GetMapping("/console/reconciliation")
	String reconciliation(@RequestParam(name = "date", required = false) LocalDate date, Model model) {
		LocalDate day = (date != null) ? date : LocalDate.ofInstant(this.clock.instant(), this.zone).minusDays(1);
		model.addAttribute("date", day);
		model.addAttribute("report", this.reconciliations.find(day).orElse(null));
		return "console/reconciliation";
	}

	@GetMapping("/console/reconciliation.csv")
	ResponseEntity<byte[]> discrepanciesCsv(@RequestParam("date") LocalDate date) {
		ReconciliationReport report = this.reconciliations.find(date).orElse(null);
		return CsvFiles.of("reconciliation-" + date + ".csv",
				new String[] { "category", "object_id", "stripe_txn", "stripe_amount", "stripe_fee", "stripe_currency",
						"ledger_amount", "ledger_fee", "ledger_currency", "suggested_action" },
				(report == null) ? java.util.List.of()
						: report.discrepancies()
							.stream()
							.map((d) -> new String[] { d.category(), d.objectId(), d.stripeTxnId(),
									CsvFiles.text(d.stripeAmountCents()), CsvFiles.text(d.stripeFeeCents()),
									d.stripeCurrency(), CsvFiles.text(d.ledgerAmountCents()),
									CsvFiles.text(d.ledgerFeeCents()), d.ledgerCurrency(), d.suggestedAction() })
							.toList());
	}

}
