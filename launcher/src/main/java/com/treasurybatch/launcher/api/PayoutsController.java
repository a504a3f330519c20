package com.treasurybatch.launcher.api;

import java.security.Principal;
import java.time.LocalDate;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutFailure;
import com.treasurybatch.shared.payouts.PayoutFailureStatus;
import com.treasurybatch.shared.payouts.PayoutFailures;
import com.treasurybatch.shared.payouts.PayoutReviewRefusedException;
import com.treasurybatch.shared.payouts.PayoutReviews;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;

/**
 * {@code /api/payouts}: payouts and failed bank payouts (OPS, FINANCE, AUDITOR read), the review of held ones and the
 * retry of failed ones (OPS; audited as {@code payout.release} / {@code payout.cancel} / {@code payout.retry}). Amounts in minor units, dates ISO business dates.
 */
@RestController
@RequestMapping("/api/payouts")
class PayoutsController {

	private final Payouts payouts;

	private final PayoutReviews reviews;

	private final PayoutFailures failures;

	PayoutsController(Payouts payouts, PayoutReviews reviews, PayoutFailures failures) {
		this.payouts = payouts;
		this.reviews = reviews;
		this.failures = failures;
	}

	/** Payouts, newest business date first; {@code status}, {@code date} filter, {@code limit} 1 to 1000. */
	@GetMapping
	List<Payout> list(@RequestParam(name = "status", required = false) PayoutStatus status,
			@RequestParam(name = "date", required = false) LocalDate date,
			@RequestParam(name = "limit", defaultValue = "50") int limit) {
		return this.payouts.list(status, date, limit);
	}

	/** HELD to PENDING: the next nightly-payouts run pays it. 404 if unknown, 409 if not HELD. */
	@PostMapping("/{id}/release")
	Payout release(@PathVariable("id") long id, Principal principal) {
		return this.reviews.release(id, ApiActor.of(principal));
	}

	/** To CANCELED, before any money moved. 404 if unknown, 409 if money moved or already final. */
	@PostMapping("/{id}/cancel")
	Payout cancel(@PathVariable("id") long id, Principal principal) {
		return this.reviews.cancel(id, ApiActor.of(principal));
	}

	/**
	 * Failed bank payouts of our payouts, newest first, with where each stands (OPEN: the transfer reversal is due;
	 * REVERSAL_MADE; REVERSAL_REFUSED: {@code POST /api/payouts/{payoutId}/retry} asks again); {@code status}
	 * filters, {@code limit} 1 to 1000.
	 */
	@GetMapping("/failed")
	List<PayoutFailure> failed(@RequestParam(name = "status", required = false) PayoutFailureStatus status,
			@RequestParam(name = "limit", defaultValue = "50") int limit) {
		return this.failures.list(status, limit);
	}

	/**
	 * Retries a FAILED payout where that cannot pay twice ({@link PayoutReviews#retry}): a refused transfer back to
	 * PENDING while no later payout claimed its amount, or a refused reversal asked again. Audited
	 * {@code payout.retry}. 404 if unknown, 409 with the reason if it cannot be retried.
	 */
	@PostMapping("/{id}/retry")
	Payout retry(@PathVariable("id") long id, Principal principal) {
		return this.reviews.retry(id, ApiActor.of(principal));
	}

	@ExceptionHandler(PayoutReviewRefusedException.class)
	ProblemDetail refused(PayoutReviewRefusedException ex) {
		return ProblemDetail.forStatusAndDetail(ex.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT,
				ex.getMessage());
	}

}
