package com.treasurybatch.launcher.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The last resort of every controller (API, webhooks, unsubscribe): an exception no other handler took becomes an
 * RFC 9457 problem ({@code application/problem+json}) rather than a container error page. A Spring
 * {@link ErrorResponse} (404, 405, 415, ...) keeps its own status and body; anything else is a 500 whose detail
 * names no internals (the exception is logged with its stack trace).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnexpectedErrorProblems {

	private static final Logger log = LoggerFactory.getLogger(UnexpectedErrorProblems.class);

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (ex instanceof ErrorResponse known) {
			return problem(known.getBody(), known.getHeaders());
		}
		log.error("Request failed", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The request failed on the server; the error is in the application log");
		return problem(problem, HttpHeaders.EMPTY);
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
