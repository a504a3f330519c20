package com.treasurybatch.launcher.api;

import java.util.NoSuchElementException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.treasurybatch.shared.refunds.RefundRefusedException;
import com.treasurybatch.shared.sales.SplitRuleRefusedException;

/**
 * Refusals of the desk's controllers (refunds, refund requests, disputes, split rules, catalog) as RFC 9457
 * problems: 404 for what does not exist, 409 for a state conflict, 422 for figures that cannot be accepted (with
 * {@code left_cents} when a refund asks for more than is left), 503 when Stripe did not answer.
 */
@RestControllerAdvice(assignableTypes = { RefundsController.class, RefundRequestsController.class,
		DisputesController.class, SplitRulesController.class, CatalogController.class })
class DeskProblems {

	@ExceptionHandler(RefundRefusedException.class)
	ProblemDetail refund(RefundRefusedException ex) {
		HttpStatus status = switch (ex.kind()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setProperty("refusal", ex.kind().name());
		if (ex.leftCents() != null) {
			problem.setProperty("left_cents", ex.leftCents());
		}
		return problem;
	}

	@ExceptionHandler(SplitRuleRefusedException.class)
	ProblemDetail splitRule(SplitRuleRefusedException ex) {
		HttpStatus status = switch (ex.kind()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setProperty("refusal", ex.kind().name());
		return problem;
	}

	@ExceptionHandler(NoSuchElementException.class)
	ProblemDetail missing(NoSuchElementException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail invalid(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}
