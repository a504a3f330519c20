package com.treasurybatch.shared.privacy;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Erasure settings, under {@code treasury.privacy} (environment {@code TREASURY_PRIVACY_ERASURE_DEADLINE_DAYS}, ...).
 *
 * @param erasureDeadlineDays a request is due this many days after it is received, 1 to 90 (GDPR Art. 12(3): one
 * month, extendable by two)
 * @param inboxRedactedPaths dotted JSON paths from a stored Stripe event's root whose values are set to JSON null
 * when the event's subject is erased or its payload ages out; Stripe's shapes: Checkout Session
 * {@code customer_details}, {@code customer_email}, {@code shipping_details}, {@code collected_information}; Charge
 * {@code billing_details}, {@code receipt_email}, {@code shipping}; Account {@code email}, {@code individual},
 * {@code business_profile}, {@code company}; Dispute {@code evidence.*}
 * @param chunkSize erasure requests erased and committed together, 1 to 5000
 */
@ConfigurationProperties("treasury.privacy")
public record PrivacyProperties(@DefaultValue("30") int erasureDeadlineDays, @DefaultValue({
		"data.object.customer_details", "data.object.customer_email", "data.object.shipping_details",
		"data.object.collected_information", "data.object.billing_details", "data.object.receipt_email",
		"data.object.shipping", "data.object.email", "data.object.individual", "data.object.business_profile",
		"data.object.company", "data.object.evidence.customer_name", "data.object.evidence.customer_email_address",
		"data.object.evidence.billing_address", "data.object.evidence.shipping_address",
		"data.object.evidence.customer_purchase_ip", "data.previous_attributes.email",
		"data.previous_attributes.individual", "data.previous_attributes.business_profile" }) List<String> inboxRedactedPaths,
		@DefaultValue("500") int chunkSize) {

	private static final Pattern PATH = Pattern.compile("[a-z_]+(\\.[a-z_]+){1,7}");

	/**
	 * Checks ranges and path syntax.
	 * @throws IllegalArgumentException for a value out of range or a path that is not dotted lower-case names
	 */
	public PrivacyProperties {
		if (erasureDeadlineDays < 1 || erasureDeadlineDays > 90) {
			throw new IllegalArgumentException("treasury.privacy.erasure-deadline-days must be 1..90");
		}
		if (chunkSize < 1 || chunkSize > 5000) {
			throw new IllegalArgumentException("treasury.privacy.chunk-size must be 1..5000");
		}
		inboxRedactedPaths = List.copyOf(inboxRedactedPaths);
		for (String path : inboxRedactedPaths) {
			if (!PATH.matcher(path).matches()) {
				throw new IllegalArgumentException(
						"treasury.privacy.inbox-redacted-paths: not a dotted JSON path of lower-case names: " + path);
			}
		}
	}

}
