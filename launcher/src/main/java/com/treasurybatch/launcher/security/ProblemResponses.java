package com.treasurybatch.launcher.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * Security refusals as RFC 9457 problem details ({@code application/problem+json}): 401
 * with a Basic challenge when credentials are missing or wrong, 403 when the user's role
 * does not allow the request, or when a request made with the API session cookie alone lacks
 * its CSRF token. A 403 is also appended to the audit trail
 * ({@code http.denied}), since it is an authenticated user trying something.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	/** The Basic realm announced in {@code WWW-Authenticate}. */
	static final String REALM = "treasury-batch";

	private final JsonMapper json;

	private final AuditLog audit;

	ProblemResponses(JsonMapper json, AuditLog audit) {
		this.json = json;
		this.audit = audit;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
		write(request, response, HttpStatus.UNAUTHORIZED,
				"Authentication required: HTTP Basic with a user of the users file");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String user = (authentication != null) ? authentication.getName() : "unknown";
		String detail = (ex instanceof CsrfException)
				? "a " + request.getMethod() + " with the session cookie alone must send the XSRF-TOKEN cookie's value"
						+ " in the X-XSRF-TOKEN header (or HTTP Basic credentials)"
				: "user " + user + " (roles " + roles(authentication) + ") may not " + request.getMethod() + " "
						+ request.getRequestURI();
		this.audit.record(new AuditEvent(new Actor(user, AuditChannel.API), "http.denied",
				request.getMethod() + " " + request.getRequestURI(), Map.of(), AuditOutcome.REFUSED, detail));
		write(request, response, HttpStatus.FORBIDDEN, detail);
	}

	/**
	 * The user's roles without the {@code ROLE_} prefix, e.g. {@code AUDITOR}; other
	 * authorities are left out.
	 */
	private static String roles(Authentication authentication) {
		if (authentication == null) {
			return "none";
		}
		String roles = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith("ROLE_"))
			.map((authority) -> authority.substring("ROLE_".length()))
			.sorted()
			.collect(Collectors.joining(", "));
		return roles.isEmpty() ? "none" : roles;
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(this.json.writeValueAsString(problem));
	}

}
