package com.treasurybatch.shared.alerts;

/** How urgent an alert is. */
public enum Severity {

	/** Money is wrong or stuck: act now (e.g. an inbox event given up after all its attempts). */
	CRITICAL,

	/** Needs a person soon (e.g. a sale held in suspense, a payee whose payouts were disabled). */
	WARNING,

	/** Worth knowing, no action required. */
	INFO

}
