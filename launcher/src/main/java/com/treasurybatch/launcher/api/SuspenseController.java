package com.treasurybatch.launcher.api;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.ledger.PayeeLedger;

/**
 * {@code GET /api/suspense?after=&limit=} (OPS, FINANCE, AUDITOR): the sales whose payees' share went to
 * {@code platform:suspense} (they named no payee), each with what it credited there, what approved manual journals
 * naming the sale ({@code suspenseSale}) moved to payees since, and what is still held. Minor units.
 */
@RestController
@RequestMapping("/api/suspense")
class SuspenseController {

	private final PayeeLedger payeeLedger;

	SuspenseController(PayeeLedger payeeLedger) {
		this.payeeLedger = payeeLedger;
	}

	@GetMapping
	List<SuspenseLine> list(@RequestParam(name = "after", required = false) Long afterOrderId,
			@RequestParam(name = "limit", defaultValue = "50") int limit) {
		return this.payeeLedger.suspense(afterOrderId, limit)
			.stream()
			.map((s) -> new SuspenseLine(s.orderId(), s.sale(), s.journalId(), s.soldAt().toString(), s.currency(),
					s.creditedCents(), s.movedCents(), s.heldCents()))
			.toList();
	}

	record SuspenseLine(long orderId, String sale, long journalId, String soldAt, String currency,
			long creditedCents, long movedCents, long heldCents) {
	}

}
