package com.treasurybatch.launcher.security;

/**
 * The roles of API users (granted as {@code ROLE_<name>} in the users file).
 * <ul>
 * <li>{@value #OPS}: runs jobs (start, stop, restart, abandon, recover) and reads
 * everything: jobs, executions, audit trail, actuator endpoints;</li>
 * <li>{@value #AUDITOR}: reads jobs, execution history and the audit trail, and the
 * Prometheus metrics; changes nothing;</li>
 * <li>{@value #FINANCE}: reads jobs and execution history (did the payouts,
 * reconciliation, reports run?), later downloads reports; not the audit trail, not the
 * metrics.</li>
 * <li>{@value #PRODUCT}: the product's service user; may only file buyers' refund requests
 * ({@code POST /api/refund-requests}), which OPS approve or decline.</li>
 * </ul>
 */
public final class Roles {

	/** Operators. */
	public static final String OPS = "OPS";

	/** Finance staff. */
	public static final String FINANCE = "FINANCE";

	/** Auditors, read-only. */
	public static final String AUDITOR = "AUDITOR";

	/** The product (ticketing front end) as a service user: files buyers' refund requests, nothing else. */
	public static final String PRODUCT = "PRODUCT";

	private Roles() {
	}

}
