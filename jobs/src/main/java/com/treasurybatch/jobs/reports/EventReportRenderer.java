package com.treasurybatch.jobs.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.lowagie.text.Document;
import com.lowagie.text.Image;
import com.lowagie.text.pdf.PdfPTable;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportLinks;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportType;
import com.treasurybatch.shared.reports.ReportsProperties;
import com.treasurybatch.shared.reports.SignedLink;

/**
 * {@code event-report}: one PDF per show with ticket sales in the month: its analytics KPIs and its financials
 * ({@link EventFigures}) and a QR code (ZXing, error correction M) carrying the file's shareable link. The link's
 * id is derived from the file's key and it expires {@code event-link-validity-days} after the month's end, so the file is the same whenever it
 * is made; revoking the link stops the QR code from opening the report.
 */
@Component
class EventReportRenderer implements ReportRenderer {

	/** Pixels per QR module in the embedded image. */
	static final int QR_SCALE = 4;

	private final EventFigures figures;

	private final ReportLinks links;

	private final ReportsProperties properties;

	EventReportRenderer(EventFigures figures, ReportLinks links, ReportsProperties properties) {
		this.figures = figures;
		this.links = links;
		this.properties = properties;
	}

	@Override
	public ReportType type() {
		return ReportType.EVENT_REPORT;
	}

	@Override
	public List<ReportFile> plan(ReportRequest request) {
		return this.figures.shows(request)
			.stream()
			.map((show) -> new ReportFile(fileName(show), show, ReportFile.PDF))
			.toList();
	}

	/**
	 * {@code event-<show>.pdf}; a show id that is not a safe file name (or is long) keeps its safe characters and gets
	 * a hash of the whole id, so that no show is left out and no two shows share a file.
	 */
	static String fileName(String show) {
		if (show.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,150}")) {
			return "event-" + show + ".pdf";
		}
		String safe = show.replaceAll("[^A-Za-z0-9_.-]", "_");
		safe = safe.substring(0, Math.min(safe.length(), 100));
		try {
			byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
				.digest(show.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return "event-" + safe + "-" + java.util.HexFormat.of().formatHex(hash, 0, 6) + ".pdf";
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void write(ReportRequest request, ReportFile file, long reportId, OutputStream out) throws IOException {
		String fileKey = request.key() + "/" + file.name();
		Instant expiresAt = request.to().plus(Duration.ofDays(this.properties.eventLinkValidityDays()));
		SignedLink link = this.links.fixed(reportId, fileKey, expiresAt);
		Pdfs.Opened pdf = Pdfs.open(out, request.to(), fileKey);
		Document document = pdf.document();
		document.add(Pdfs.line("Event report: " + file.subject(), Pdfs.TITLE));
		document.add(Pdfs.line("Period: " + request.firstDay() + " to " + request.endDay().minusDays(1) + " (UTC)",
				Pdfs.BODY));
		for (ShowFigures block : this.figures.figures(file.subject(), request)) {
			document.add(Pdfs.line(block.heading(), Pdfs.BOLD));
			PdfPTable table = Pdfs.table(3, 1);
			for (ShowFigures.Kpi kpi : block.kpis()) {
				Pdfs.cell(table, kpi.label(), Pdfs.BODY, false);
				Pdfs.cell(table,
						(kpi.currency() != null) ? Pdfs.money(kpi.value(), kpi.currency()) : Long.toString(kpi.value()),
						Pdfs.BODY, true);
			}
			document.add(table);
		}
		document.add(qrCode(link.url()));
		document.add(Pdfs.line("Scan to open this report (link valid until " + expiresAt + "): " + link.url(),
				Pdfs.SMALL));
		document.close();
	}

	/** The QR code as an 8-bit grayscale image, {@link #QR_SCALE} pixels per module, 4-module quiet zone. */
	static Image qrCode(String text) {
		BitMatrix matrix;
		try {
			matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
					Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
		}
		catch (WriterException ex) {
			throw new IllegalStateException("Cannot encode QR code of " + text, ex);
		}
		int width = matrix.getWidth() * QR_SCALE;
		int height = matrix.getHeight() * QR_SCALE;
		byte[] pixels = new byte[width * height];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				pixels[y * width + x] = matrix.get(x / QR_SCALE, y / QR_SCALE) ? 0 : (byte) 0xFF;
			}
		}
		try {
			Image image = Image.getInstance(width, height, 1, 8, pixels);
			image.scaleAbsolute(width / 2f, height / 2f);
			return image;
		}
		catch (com.lowagie.text.BadElementException ex) {
			throw new IllegalStateException("Cannot build QR image", ex);
		}
	}

}
