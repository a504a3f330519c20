package com.treasurybatch.launcher.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DeferredCsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Issues the {@code XSRF-TOKEN} cookie to an API client that holds a session and did not
 * bring the cookie, right after it authenticated: Spring Security loads the CSRF token
 * lazily, and {@link SessionCsrfCookies} writes no cookie before there is a session.
 * The client echoes the value in {@code X-XSRF-TOKEN} on unsafe requests made with the
 * session cookie alone (docs.spring.io/spring-security/reference/servlet/exploits/csrf.html,
 * single-page applications).
 */
final class CsrfCookieIssuer extends OncePerRequestFilter {

	private final CsrfTokenRepository tokens;

	CsrfCookieIssuer(CsrfTokenRepository tokens) {
		this.tokens = tokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DeferredCsrfToken token = (DeferredCsrfToken) request.getAttribute(DeferredCsrfToken.class.getName());
		if (token != null && request.getSession(false) != null && this.tokens.loadToken(request) == null) {
			this.tokens.saveToken(token.get(), request, response);
		}
		chain.doFilter(request, response);
	}

}
