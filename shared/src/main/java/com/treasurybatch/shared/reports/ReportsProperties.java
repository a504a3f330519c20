package com.treasurybatch.shared.reports;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of report generation and report links, under {@code treasury.reports} (environment
 * {@code TREASURY_REPORTS_STORAGE}, {@code TREASURY_REPORTS_LINK_SECRET}, ...).
 *
 * @param storage directory of report files; {@code null}: {@code TREASURY_HOME/reports}
 * @param chunkSize files written and recorded per transaction, 1 to 1000
 * @param threads threads writing the files of one chunk at once (read-only report types), 1 to 32
 * @param partitions ranges of subjects (payees, shows) a report's files are split into, written at once: on this
 * node's threads, or on every node's workers with {@code treasury.partitioning.mode=remote}; 1 to 64
 * @param fetchSize rows fetched per round trip by the streaming readers, 100 to 100000
 * @param linkSecret HMAC-SHA256 key of shareable links (32 characters or more); {@code null}: generated once into
 * {@code <storage>/.link-secret}
 * @param linkBaseUrl where links point, e.g. {@code https://treasury.example.com}; no trailing slash
 * @param linkValidityDays how long a link made on request stays valid, 1 to 365 days
 * @param eventLinkValidityDays how long the link in an event report's QR code stays valid, counted from the end
 * of the report's period (a fixed date, so the PDF is the same whenever it is made), 1 to 3650 days
 * @param supplier the platform as the supplier named on VAT invoices (Article 226 (2) to (5))
 * @param form1099k 1099-K reporting thresholds by tax year
 * @param form1099necCents 1099-NEC threshold by tax year of payment: report when payments are at least this, cents
 */
@ConfigurationProperties("treasury.reports")
public record ReportsProperties(Path storage, @DefaultValue("50") int chunkSize, @DefaultValue("4") int threads,
		@DefaultValue("4") int partitions, @DefaultValue("10000") int fetchSize,
		String linkSecret, @DefaultValue("http://localhost:8080") String linkBaseUrl,
		@DefaultValue("7") int linkValidityDays, @DefaultValue("90") int eventLinkValidityDays,
		@DefaultValue Supplier supplier, Map<Integer, Form1099kThreshold> form1099k,
		Map<Integer, Long> form1099necCents) {

	/**
	 * 1099-K thresholds of a tax year seeded from today's law: a third party settlement organization reports a payee
	 * whose gross payments exceed $20,000 and whose transactions exceed 200 (IRC 6050W(e) as restored by the One Big
	 * Beautiful Bill Act of 2025, section 70432, retroactive to 2022; the $600 threshold never took effect), for tax
	 * years 2024 to 2026.
	 */
	public static final Map<Integer, Form1099kThreshold> FORM_1099K_DEFAULT = Map.of(2024,
			new Form1099kThreshold(2_000_000, 200), 2025, new Form1099kThreshold(2_000_000, 200), 2026,
			new Form1099kThreshold(2_000_000, 200));

	/**
	 * 1099-NEC thresholds seeded from today's law: $600 for payments through 2025 (IRC 6041(a)); $2,000 for
	 * payments made after 31 December 2025 (One Big Beautiful Bill Act of 2025, section 70433; indexed for inflation
	 * after 2026).
	 */
	public static final Map<Integer, Long> FORM_1099NEC_DEFAULT = Map.of(2024, 60_000L, 2025, 60_000L, 2026, 200_000L);

	/**
	 * Checks the ranges and seeds the thresholds.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public ReportsProperties {
		require(chunkSize >= 1 && chunkSize <= 1000, "chunk-size", "1..1000");
		require(threads >= 1 && threads <= 32, "threads", "1..32");
		require(partitions >= 1 && partitions <= 64, "partitions", "1..64");
		require(fetchSize >= 100 && fetchSize <= 100_000, "fetch-size", "100..100000");
		require(linkSecret == null || linkSecret.isBlank() || linkSecret.length() >= 32, "link-secret",
				"at least 32 characters");
		require(linkValidityDays >= 1 && linkValidityDays <= 365, "link-validity-days", "1..365");
		require(eventLinkValidityDays >= 1 && eventLinkValidityDays <= 3650, "event-link-validity-days", "1..3650");
		require(linkBaseUrl.startsWith("http://") || linkBaseUrl.startsWith("https://"), "link-base-url",
				"an http(s) URL");
		linkBaseUrl = linkBaseUrl.endsWith("/") ? linkBaseUrl.substring(0, linkBaseUrl.length() - 1) : linkBaseUrl;
		form1099k = (form1099k == null || form1099k.isEmpty()) ? FORM_1099K_DEFAULT : Map.copyOf(form1099k);
		form1099necCents = (form1099necCents == null || form1099necCents.isEmpty()) ? FORM_1099NEC_DEFAULT
				: Map.copyOf(form1099necCents);
	}

	/**
	 * The 1099-K threshold of a tax year.
	 * @throws IllegalArgumentException if none is configured for it
	 */
	public Form1099kThreshold form1099kFor(int taxYear) {
		Form1099kThreshold threshold = this.form1099k.get(taxYear);
		if (threshold == null) {
			throw new IllegalArgumentException("No 1099-K threshold configured for tax year " + taxYear
					+ " (treasury.reports.form1099k." + taxYear + ".*); configured years: " + this.form1099k.keySet());
		}
		return threshold;
	}

	/**
	 * The 1099-NEC threshold of a tax year, cents.
	 * @throws IllegalArgumentException if none is configured for it
	 */
	public long form1099necFor(int taxYear) {
		Long threshold = this.form1099necCents.get(taxYear);
		if (threshold == null) {
			throw new IllegalArgumentException("No 1099-NEC threshold configured for tax year " + taxYear
					+ " (treasury.reports.form1099nec-cents." + taxYear + "); configured years: "
					+ this.form1099necCents.keySet());
		}
		return threshold;
	}

	private static void require(boolean valid, String name, String range) {
		if (!valid) {
			throw new IllegalArgumentException("treasury.reports." + name + " must be " + range);
		}
	}

	/**
	 * A 1099-K threshold: a payee is reported when both are exceeded.
	 *
	 * @param grossCentsOver gross payments must be more than this, cents (2,000,000 = $20,000.00)
	 * @param transactionsOver the number of transactions must be more than this
	 */
	public record Form1099kThreshold(long grossCentsOver, int transactionsOver) {
	}

	/**
	 * The platform as the supplier of its services on VAT invoices.
	 *
	 * @param name full legal name
	 * @param address postal address, one line
	 * @param country ISO 3166-1 alpha-2 country of establishment
	 * @param vatId the supplier's VAT identification number (Article 226 (3))
	 * @param invoicePrefix prefix of invoice series; the series is prefix + year of issue (credit notes: prefix +
	 * {@code CN} + year)
	 * @param payerTin the platform's US EIN as the filer of 1099s, nine digits; empty until configured (the IRIS
	 * file then leaves it blank)
	 */
	public record Supplier(@DefaultValue("Treasury Batch Platform Ltd") String name,
			@DefaultValue("1 Example Quay, Dublin 2, D02 X000") String address, @DefaultValue("IE") String country,
			@DefaultValue("IE1234567T") String vatId, @DefaultValue("TB") String invoicePrefix,
			@DefaultValue("") String payerTin) {
	}

}
