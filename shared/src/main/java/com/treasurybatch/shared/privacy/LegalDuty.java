package com.treasurybatch.shared.privacy;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * A legal obligation to keep records that overrides the right to erasure (GDPR Art. 17(3)(b): "for compliance with
 * a legal obligation which requires processing by Union or Member State law"). Rows kept under a duty are restricted
 * (Art. 18) until it ends, then erased by their holder's retention sweep.
 */
public enum LegalDuty {

	/**
	 * Books and records of account, journals, invoices: 10 years (e.g. German HGB § 257(4) and AO § 147(3); the
	 * longest of the platform's jurisdictions, so the one kept).
	 */
	BOOKKEEPING_10_YEARS(Period.ofYears(10), "GDPR Art. 17(3)(b); HGB § 257(4), AO § 147(3): books and invoices 10 years"),

	/** Tax forms and their supporting data (1099-K/NEC, W-9 TINs): 7 years (IRS record keeping, 26 CFR 1.6001-1). */
	TAX_RECORDS_7_YEARS(Period.ofYears(7), "GDPR Art. 17(3)(b); 26 CFR 1.6001-1: tax records 7 years"),

	/** The operators' audit trail: 7 years (SOX § 802 / 17 CFR 210.2-06 audit records; the house audit policy). */
	AUDIT_TRAIL_7_YEARS(Period.ofYears(7), "GDPR Art. 17(3)(b); 17 CFR 210.2-06: audit records 7 years");

	private final Period period;

	private final String source;

	LegalDuty(Period period, String source) {
		this.period = period;
		this.source = source;
	}

	/** @return how long a record is kept after its own date */
	public Period period() {
		return this.period;
	}

	/** @return the law that sets the duty, for the erasure log */
	public String source() {
		return this.source;
	}

	/**
	 * @param recordDate the kept record's own date (a posting's effective date, an audit row's time), UTC
	 * @return when the duty for that record ends, UTC
	 */
	public Instant endsFor(Instant recordDate) {
		return recordDate.atZone(ZoneOffset.UTC).plus(this.period).toInstant();
	}

}
