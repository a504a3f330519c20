package com.treasurybatch.launcher.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.treasurybatch.launcher.operations.OperationRefusedException;
import com.treasurybatch.launcher.operations.Refusal;

/**
 * Refused operations as problem details: the plain-language reason as {@code detail}, the kind as
 * {@code refusal}. Framework errors (validation, malformed input) are problem details through Boot's own handler.
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
class ApiProblems {

	@ExceptionHandler(OperationRefusedException.class)
	ProblemDetail refused(OperationRefusedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(ex.refusal()), ex.getMessage());
		problem.setProperty("refusal", ex.refusal().name());
		return problem;
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail invalid(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	static HttpStatus status(Refusal refusal) {
		return switch (refusal) {
			case NO_SUCH_JOB, NO_SUCH_EXECUTION, NO_SUCH_EVENT -> HttpStatus.NOT_FOUND;
			case INVALID_PARAMETERS -> HttpStatus.BAD_REQUEST;
			case SHUTTING_DOWN -> HttpStatus.SERVICE_UNAVAILABLE;
			case ALREADY_RUNNING, ALREADY_COMPLETE, NOT_RESTARTABLE, NOT_RUNNING, STILL_RUNNING, OWNER_ALIVE ->
				HttpStatus.CONFLICT;
		};
	}

}
