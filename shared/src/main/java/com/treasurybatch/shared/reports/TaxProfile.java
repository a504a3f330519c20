package com.treasurybatch.shared.reports;

/**
 * A payee's tax and invoicing data (personal data: kept only in {@code payee_tax_profiles}).
 *
 * @param accountId Stripe connected account, acct_...
 * @param legalName full legal name
 * @param addressLine1 street address
 * @param addressLine2 more of it, or {@code null}
 * @param city city
 * @param postalCode postal code, or {@code null}
 * @param country ISO 3166-1 alpha-2, upper case
 * @param tin US taxpayer identification number, nine digits, or {@code null}
 * @param vatId EU VAT identification number with its country prefix, or {@code null}
 * @param business true for a taxable person acting as such, false for a consumer
 */
public record TaxProfile(String accountId, String legalName, String addressLine1, String addressLine2, String city,
		String postalCode, String country, String tin, String vatId, boolean business) {

	/** The postal address on one line. */
	public String addressLine() {
		StringBuilder line = new StringBuilder(this.addressLine1);
		if (this.addressLine2 != null && !this.addressLine2.isBlank()) {
			line.append(", ").append(this.addressLine2);
		}
		line.append(", ");
		if (this.postalCode != null && !this.postalCode.isBlank()) {
			line.append(this.postalCode).append(' ');
		}
		return line.append(this.city).append(", ").append(this.country).toString();
	}

	/**
	 * The TIN as printed on a recipient's copy: only its last four digits (IRS: truncated TINs on payee statements,
	 * Treas. Reg. 301.6109-4), e.g. {@code ***-**-6789}; {@code not provided} when there is none.
	 */
	public String truncatedTin() {
		return (this.tin == null) ? "not provided" : "***-**-" + this.tin.substring(this.tin.length() - 4);
	}

}
