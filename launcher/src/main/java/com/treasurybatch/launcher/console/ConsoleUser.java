package com.treasurybatch.launcher.console;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import com.treasurybatch.launcher.security.Roles;

/**
 * What the signed-in user may see and do, for the templates: a link or button a role may not use is not shown
 * (and the security rules refuse it if tried).
 *
 * @param name the user name
 * @param ops runs jobs and acts (OPS)
 * @param finance reads the money pages and alone handles reports (FINANCE)
 * @param auditor reads everything but reports (AUDITOR)
 */
public record ConsoleUser(String name, boolean ops, boolean finance, boolean auditor) {

	/** Sees the inbox, alerts and the audit trail. */
	public boolean operationsReader() {
		return this.ops || this.auditor;
	}

	/** Sees the money page. */
	public boolean moneyReader() {
		return this.finance || this.auditor;
	}

	/** Template access to {@link #operationsReader()}. */
	public boolean isOperationsReader() {
		return operationsReader();
	}

	/** Template access to {@link #moneyReader()}. */
	public boolean isMoneyReader() {
		return moneyReader();
	}

	static ConsoleUser of(Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return null;
		}
		boolean ops = has(authentication, Roles.OPS);
		boolean finance = has(authentication, Roles.FINANCE);
		boolean auditor = has(authentication, Roles.AUDITOR);
		return new ConsoleUser(authentication.getName(), ops, finance, auditor);
	}

	private static boolean has(Authentication authentication, String role) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(("ROLE_" + role)::equals);
	}

}
