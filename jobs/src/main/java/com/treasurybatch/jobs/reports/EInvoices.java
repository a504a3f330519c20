package com.treasurybatch.jobs.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;

import org.mustangproject.Invoice;
import org.mustangproject.Item;
import org.mustangproject.Product;
import org.mustangproject.TradeParty;
import org.mustangproject.ZUGFeRD.IZUGFeRDExporter;
import org.mustangproject.ZUGFeRD.Profiles;
import org.mustangproject.ZUGFeRD.TransactionCalculator;
import org.mustangproject.ZUGFeRD.ZUGFeRD2PullProvider;
import org.mustangproject.ZUGFeRD.ZUGFeRDExporterFromPDFA;
import org.mustangproject.ZUGFeRD.ZUGFeRDVisualizer;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.ledger.MinorUnits;
import com.treasurybatch.shared.reports.ReportsProperties;
import com.treasurybatch.shared.reports.TaxProfile;

/**
 * Structured e-invoices (EN 16931) of fee invoices and credit notes, as Factur-X / ZUGFeRD 2 files: a PDF/A-3
 * whose embedded {@code factur-x.xml} is the UN/CEFACT CII invoice, profile EN 16931, made with Mustangproject
 * (mustangproject.org): the XML by {@code ZUGFeRD2PullProvider}, its human-readable PDF/A by
 * {@code ZUGFeRDVisualizer}, the two joined by {@code ZUGFeRDExporterFromPDFA}. Type code 380 (commercial invoice)
 * or 381 (credit note, naming the invoice it corrects, BT-25). The amounts are those of the PDF invoice and the
 * ledger (checked: Mustang's total must equal taxable + VAT); the fees were deducted from the payee's sales, so the
 * whole total, with its rounding amount (BT-114), is prepaid and nothing is due.
 */
@Component
class EInvoices {

	/**
	 * One document to make.
	 *
	 * @param number printed number
	 * @param issueDate date of issue
	 * @param supplyFrom first day of the supply
	 * @param supplyTo last day of the supply
	 * @param currency lower-case ISO 4217
	 * @param taxableCents taxable amount, minor units
	 * @param rateBps VAT rate, basis points
	 * @param vatCents VAT as the PDF and the ledger have it; Mustang's own figure must be the same
	 * @param roundingCents rounding amount, BT-114
	 * @param reverseCharge VAT category AE (Article 196)
	 * @param correctedNumber the invoice a credit note corrects, else null
	 * @param seller the platform
	 * @param buyer the payee's tax profile
	 */
	record Document(String number, LocalDate issueDate, LocalDate supplyFrom, LocalDate supplyTo, String currency,
			long taxableCents, int rateBps, long vatCents, long roundingCents, boolean reverseCharge,
			String correctedNumber,
			ReportsProperties.Supplier seller, TaxProfile buyer) {
	}

	/**
	 * The Factur-X PDF/A-3 of a document.
	 * @return the file's bytes
	 * @throws IOException if Mustang cannot make or join the PDF
	 */
	byte[] facturX(Document document) throws IOException {
		byte[] xml = xml(document);
		byte[] visual = new ZUGFeRDVisualizer().toPDF(new String(xml, StandardCharsets.UTF_8),
				ZUGFeRDVisualizer.Language.EN);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (IZUGFeRDExporter exporter = new ZUGFeRDExporterFromPDFA().load(visual)) {
			exporter.setProducer("Treasury Batch").setCreator("Treasury Batch").setProfile(Profiles.getByName("EN16931"));
			exporter.setXML(xml);
			exporter.export(out);
		}
		return out.toByteArray();
	}

	/** The CII XML of a document, profile EN 16931. */
	byte[] xml(Document document) {
		Invoice invoice = new Invoice().setNumber(document.number())
			.setIssueDate(date(document.issueDate()))
			.setDeliveryDate(date(document.supplyTo()))
			.setDetailedDeliveryPeriod(date(document.supplyFrom()), date(document.supplyTo()))
			.setCurrency(document.currency().toUpperCase(Locale.ROOT))
			.setSender(seller(document.seller()))
			.setRecipient(buyer(document.buyer()))
			.setPaymentTermDescription("Deducted from the payee's sales; nothing is due");
		Product product = new Product("Platform services", "Commission on sales made through the platform", "C62",
				BigDecimal.valueOf(document.rateBps(), 2));
		if (document.reverseCharge()) {
			product.setReverseCharge();
		}
		BigDecimal net = decimal(document.taxableCents(), document.currency());
		invoice.addItem(new Item(product, net, BigDecimal.ONE));
		if (document.correctedNumber() != null) {
			invoice.setCreditNote();
			invoice.setInvoiceReferencedDocumentID(document.correctedNumber());
		}
		BigDecimal grandTotal = new TransactionCalculator(invoice).getGrandTotal();
		BigDecimal expected = decimal(document.taxableCents() + document.vatCents(), document.currency());
		if (grandTotal.compareTo(expected) != 0) {
			throw new IllegalStateException("E-invoice " + document.number() + " totals " + grandTotal
					+ " but the invoice has " + expected + " (taxable + VAT)");
		}
		// the whole total was deducted from the payee's sales: prepaid, so the amount due is zero
		BigDecimal rounding = decimal(document.roundingCents(), document.currency());
		if (document.roundingCents() != 0) {
			invoice.setRoundingAmount(rounding);
		}
		invoice.setTotalPrepaidAmount(grandTotal.add(rounding));
		ZUGFeRD2PullProvider provider = new ZUGFeRD2PullProvider();
		provider.setProfile(Profiles.getByName("EN16931"));
		provider.generateXML(invoice);
		return provider.getXML();
	}

	private static TradeParty seller(ReportsProperties.Supplier supplier) {
		return new TradeParty(supplier.name(), supplier.address(), "", "", supplier.country()).addVATID(supplier.vatId());
	}

	private static TradeParty buyer(TaxProfile profile) {
		TradeParty party = new TradeParty(profile.legalName(), profile.addressLine1(),
				(profile.postalCode() != null) ? profile.postalCode() : "", profile.city(), profile.country());
		if (profile.vatId() != null) {
			party.addVATID(profile.vatId());
		}
		return party;
	}

	/** Minor units as a decimal amount for the XML (the one place this document reads the currency's decimals). */
	private static BigDecimal decimal(long cents, String currency) {
		return BigDecimal.valueOf(cents, MinorUnits.decimals(currency));
	}

	private static Date date(LocalDate day) {
		return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
	}

}
