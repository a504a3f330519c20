package com.treasurybatch.jobs.reports;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.GregorianCalendar;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfDate;
import com.lowagie.text.pdf.PdfEncryption;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

/**
 * Reproducible PDFs with OpenPDF: by default OpenPDF stamps the creation and modification dates with the clock
 * and a random document id into the trailer; here both dates are the report's fixed time and the id is derived
 * from the file's key, so the same report on the same data is the same bytes. Fonts are the standard 14 (not
 * embedded). Also the few layout helpers the report writers share, and money formatting from minor units.
 */
final class Pdfs {

	static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 14);

	static final Font BOLD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 9);

	static final Font BODY = FontFactory.getFont(FontFactory.HELVETICA, 9);

	static final Font SMALL = FontFactory.getFont(FontFactory.HELVETICA, 7);

	private Pdfs() {
	}

	/**
	 * Opens an A4 document writing to {@code out} (left open on close).
	 * @param out destination
	 * @param fixedTime the creation and modification date stamped in
	 * @param fileKey stable key of the file, e.g. {@code payee-statement/2026-10/pdf/statement-acct_1.pdf}
	 * @return the open document and its writer
	 */
	static Opened open(OutputStream out, Instant fixedTime, String fileKey) {
		Document document = new Document(PageSize.A4, 48, 48, 48, 48);
		PdfWriter writer = PdfWriter.getInstance(document, out);
		writer.setCloseStream(false);
		PdfDate date = new PdfDate(GregorianCalendar.from(fixedTime.atZone(ZoneOffset.UTC)));
		writer.getInfo().put(PdfName.CREATIONDATE, date);
		writer.getInfo().put(PdfName.MODDATE, date);
		byte[] id = Arrays.copyOf(sha256(fileKey), 16);
		writer.getInfo().put(PdfName.FILEID, PdfEncryption.createInfoId(id, id));
		document.open();
		return new Opened(document, writer);
	}

	/** A two-column table of label and right-aligned value. */
	static PdfPTable table(float... widths) {
		PdfPTable table = new PdfPTable(widths);
		table.setWidthPercentage(100);
		table.setSpacingBefore(6);
		return table;
	}

	/** Adds a cell. */
	static void cell(PdfPTable table, String text, Font font, boolean right) {
		PdfPCell cell = new PdfPCell(new Phrase(text, font));
		cell.setHorizontalAlignment(right ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
		cell.setPadding(3);
		table.addCell(cell);
	}

	/** A line of text. */
	static Paragraph line(String text, Font font) {
		return new Paragraph(text, font);
	}

	/** Minor units as a decimal amount with the currency, e.g. {@code 1234, "usd"} gives {@code 12.34 USD}. */
	static String money(long cents, String currency) {
		return Money.format(cents, currency);
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An open document and its writer. */
	record Opened(Document document, PdfWriter writer) {
	}

}
