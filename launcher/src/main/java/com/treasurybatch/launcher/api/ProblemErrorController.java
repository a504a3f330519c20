package com.treasurybatch.launcher.api;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error path ({@code /error}, where an error raised outside a controller lands: a filter,
 * a {@code sendError}) answered as an RFC 9457 problem ({@code application/problem+json}) with the status the
 * container recorded, in place of Boot's default error body. Replaces Boot's {@code BasicErrorController} (Boot
 * backs off when an {@link ErrorController} bean exists). Asked for directly, with no error forwarded, it answers
 * 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code == null) {
			// asked for directly, not forwarded by the container: there is no error to describe
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No error to describe"));
		}
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setDetail(status.is5xxServerError() ? "The request failed on the server; the error is in the application log"
				: status.getReasonPhrase() + ((uri != null) ? ": " + uri : ""));
		if (uri != null) {
			problem.setInstance(URI.create(uri.toString().replace(" ", "%20")));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
