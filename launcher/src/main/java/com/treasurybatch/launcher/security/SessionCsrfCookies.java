package com.treasurybatch.launcher.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * The API's CSRF tokens in the {@code XSRF-TOKEN} cookie (readable by the client, echoed in {@code X-XSRF-TOKEN}),
 * issued only to a client that holds a session: a request without one (HTTP Basic without a cookie jar, an RFC 8058
 * one-click unsubscribe) gets no cookie. Clearing the cookie (logout) always goes through.
 */
final class SessionCsrfCookies implements CsrfTokenRepository {

	private final CookieCsrfTokenRepository cookies = CookieCsrfTokenRepository.withHttpOnlyFalse();

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return this.cookies.generateToken(request);
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		if (token == null || request.getSession(false) != null) {
			this.cookies.saveToken(token, request, response);
		}
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		return this.cookies.loadToken(request);
	}

}
