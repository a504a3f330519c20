package com.treasurybatch.launcher.api;

import java.util.List;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

import com.treasurybatch.launcher.operations.OperationRefusedException;
import com.treasurybatch.launcher.operations.Refusal;

/**
 * Errors of the {@code /api} controllers as problem details: a refused operation with its
 * plain-language reason as {@code detail} and its kind as {@code refusal}; invalid input
 * with what is wrong with which parameter as {@code detail} and {@code errors}. Other
 * framework errors are problem details through Boot's own handler.
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
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

	@ExceptionHandler(HandlerMethodValidationException.class)
	ProblemDetail invalidParameters(HandlerMethodValidationException ex) {
		List<String> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> result.getMethodParameter().getParameterName() + ": " + message(error)))
			.toList();
		return validation(errors);
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ProblemDetail invalidBody(MethodArgumentNotValidException ex) {
		List<String> errors = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map((error) -> ((error instanceof FieldError field) ? field.getField() : error.getObjectName()) + ": "
					+ message(error))
			.toList();
		return validation(errors);
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

	private static ProblemDetail validation(List<String> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", errors));
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return problem;
	}

	private static String message(MessageSourceResolvable error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "invalid";
	}

}
