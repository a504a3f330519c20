package com.treasurybatch.shared.reports;

import java.util.Arrays;
import java.util.List;

/**
 * What {@code report-generation} can make: its job parameter {@code type}, whether its period is a month
 * ({@code 2026-10}) or a tax year ({@code 2026}), and its formats (the first is the default).
 */
public enum ReportType {

	/** Journals and postings of a month, one row per posting. */
	LEDGER_EXPORT("ledger-export", false, "csv", "jsonl"),

	/** Every payout of a month with its Stripe ids and status. */
	PAYOUTS("payouts", false, "csv"),

	/** One PDF per payee per month: opening balance, movements, closing balance. */
	PAYEE_STATEMENT("payee-statement", false, "pdf"),

	/** Form 1099-K of a tax year: recipient copies (PDF) and the filer's data file (CSV or JSON Lines). */
	FORM_1099_K("1099-k", true, "pdf", "csv", "jsonl", "iris-csv"),

	/** Form 1099-NEC of a tax year: recipient copies (PDF) and the filer's data file (CSV or JSON Lines). */
	FORM_1099_NEC("1099-nec", true, "pdf", "csv", "jsonl", "iris-csv"),

	/** One VAT invoice per EU payee charged platform fees in a month. */
	VAT_INVOICES("vat-invoices", false, "pdf"),

	/** One PDF per show with its figures and a QR code opening the shareable link. */
	EVENT_REPORT("event-report", false, "pdf");

	private final String code;

	private final boolean yearly;

	private final List<String> formats;

	ReportType(String code, boolean yearly, String... formats) {
		this.code = code;
		this.yearly = yearly;
		this.formats = List.of(formats);
	}

	/** The job parameter value, e.g. {@code ledger-export}. */
	public String code() {
		return this.code;
	}

	/** True when the period is a tax year ({@code 2026}), false for a month ({@code 2026-10}). */
	public boolean yearly() {
		return this.yearly;
	}

	/** Formats it is made in, the default first. */
	public List<String> formats() {
		return this.formats;
	}

	/**
	 * The type of a job parameter value.
	 * @throws IllegalArgumentException naming the known types
	 */
	public static ReportType fromCode(String code) {
		return Arrays.stream(values())
			.filter((type) -> type.code.equals(code))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown report type '" + code + "'; known: "
					+ Arrays.stream(values()).map(ReportType::code).toList()));
	}

}
