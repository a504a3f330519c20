package com.treasurybatch.launcher.api;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.retention.RetentionDaily;

/** {@code /api/retention}: checkout abandonment and recovery by email, read-only (OPS, FINANCE, AUDITOR). */
@RestController
@RequestMapping("/api/retention")
class RetentionController {

	private final RetentionDaily daily;

	RetentionController(RetentionDaily daily) {
		this.daily = daily;
	}

	/**
	 * {@code GET /api/retention/daily?days=30}: newest UTC day first, {@code [{"day": "2026-12-01",
	 * "checkoutsStarted": 10, "checkoutsAbandoned": 4, "abandonmentRate": 0.4000, "emailsSent": 9,
	 * "checkoutsRecovered": 1, "recoveryRate": 0.2500}]} (rates as the view rounds them, 4 decimals, null
	 * without checkouts); 400 problem when days is outside 1..366.
	 */
	@GetMapping("/daily")
	List<RetentionDaily.Day> daily(@RequestParam(defaultValue = "30") int days) {
		return this.daily.latest(days);
	}

}
