package com.treasurybatch.launcher.api;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.lowagie.text.pdf.PRStream;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.launcher.cli.ExitCodes;
import com.treasurybatch.launcher.cli.TreasuryCli;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.analytics.AnalyticsEvents;
import com.treasurybatch.shared.analytics.PassportEvent;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.sales.PaidSale;
import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.testing.SettledCharges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Finance downloads end to end: an event report generated from the CLI, listed and downloaded by FINANCE only,
 * its QR code decoded back to a link that opens it without login; links made on request, revoked, tampered with;
 * every download, link creation and revocation in the audit trail.
 */
@OperationsTest
@TestPropertySource(properties = { "treasury.reports.storage=target/report-api-tests/reports",
		"treasury.reports.link-secret=launcher-test-secret-0123456789abcdef" })
class ReportsApiTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	AuditLog auditLog;

	@Autowired
	AnalyticsEvents analyticsEvents;

	@Test
	void an_event_reports_qr_code_opens_it_without_login_until_its_link_is_revoked(@TempDir Path downloads)
			throws Exception {
		// the show sells one ticket type; one sale names the type, one only its converted hold
		this.jdbc.update("INSERT INTO ticketed_events (id, title, starts_at) VALUES ('show-qr-2030', 'QR night', ?)",
				Timestamp.from(Instant.parse("2030-09-20T20:00:00Z")));
		this.jdbc.update("""
				INSERT INTO ticket_types (id, event_id, name, price, currency, quantity_total, sale_starts_at, sale_ends_at)
				VALUES ('tt-qr-2030-floor', 'show-qr-2030', 'Floor', 5000, 'usd', 100, ?, ?)""",
				Timestamp.from(Instant.parse("2030-08-01T00:00:00Z")), Timestamp.from(Instant.parse("2030-09-20T00:00:00Z")));
		this.jdbc.update("""
				INSERT INTO ticket_holds (ticket_type_id, buyer_id, quantity, status, created_at, expires_at, converted_at,
				    checkout_session_id) VALUES ('tt-qr-2030-floor', 'ct_apiqrbuyer', 1, 'CONVERTED', ?, ?, ?, 'cs_ApiQr2')""",
				Timestamp.from(Instant.parse("2030-09-11T19:50:00Z")), Timestamp.from(Instant.parse("2030-09-11T20:05:00Z")),
				Timestamp.from(Instant.parse("2030-09-11T20:00:00Z")));
		sale("cs_ApiQr1", Instant.parse("2030-09-10T20:00:00Z"), 5_000, "tt-qr-2030-floor");
		sale("cs_ApiQr2", Instant.parse("2030-09-11T20:00:00Z"), 7_000, null);
		// the show's Passport events: 3 plays (one a duplicate), 2 votes, 40 attendance, 1 engagement, in the month
		assertThat(this.analyticsEvents.stageAll(List.of(passport("qr-1", "play", "2030-09-20T21:00:00Z", 1),
				passport("qr-2", "play", "2030-09-20T21:05:00Z", 2), passport("qr-1", "play", "2030-09-20T21:00:00Z", 1),
				passport("qr-3", "vote", "2030-09-20T21:10:00Z", 1), passport("qr-4", "vote", "2030-09-20T21:11:00Z", 1),
				passport("qr-5", "attendance", "2030-09-20T20:00:00Z", 40),
				passport("qr-6", "revenue", "2030-09-20T22:00:00Z", 1_250),
				passport("qr-7", "engagement", "2030-09-20T22:30:00Z", 1),
				passport("qr-8", "play", "2030-10-01T00:00:00Z", 100))))
			.hasSize(9);
		assertThat(cli(ExitCodes.OK, "jobs", "start", "analytics-rollups")).contains("COMPLETED");

		assertThat(cli(ExitCodes.OK, "reports", "generate", "event-report", "2030-09")).contains("COMPLETED");
		assertThat(cli(ExitCodes.OK, "reports", "list", "--type", "event-report", "--period", "2030-09"))
			.contains("event-show-qr-2030.pdf");
		long id = this.jdbc.queryForObject(
				"SELECT id FROM reports WHERE type = 'event-report' AND period = '2030-09' AND name = ?", Long.class,
				"event-show-qr-2030.pdf");

		this.mvc.perform(as("ops", get("/api/reports"))).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/reports/{id}/download", id)).andExpect(status().isUnauthorized());
		this.mvc.perform(as("finance", get("/api/reports").param("type", "event-report").param("period", "2030-09")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value(id))
			.andExpect(jsonPath("$[0].name").value("event-show-qr-2030.pdf"));
		byte[] pdf = this.mvc.perform(as("finance", get("/api/reports/{id}/download", id)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/pdf"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));
		String text = new PdfTextExtractor(new PdfReader(pdf)).getTextFromPage(1).replace(" ", "");
		assertThat(text).contains("Eventreport:show-qr-2030", "Audience(Passportanalytics)", "Plays3",
				"Votes2", "Attendance40", "RevenuereportedbyPassport(minorunits)1250", "Engagement1",
				"SalesinUSD(ledger)", "Paidorders2", "Grosssales120.00USD", "Refunds0.00USD",
				"Platformfees(netofrefunds)12.00USD", "Netpayabletopayees108.00USD",
				"Stripefees(bornebytheplatform)0.60USD");

		URI qr = URI.create(decodeQr(pdf));
		assertThat(qr.getPath()).startsWith("/public/reports/links/");
		byte[] opened = this.mvc.perform(get(qr.getPath() + "?" + qr.getQuery()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(opened).isEqualTo(pdf);

		String linkId = qr.getPath().substring(qr.getPath().lastIndexOf('/') + 1);
		this.mvc.perform(as("finance", delete("/api/reports/{id}/links/{link}", id, linkId)))
			.andExpect(status().isNoContent());
		this.mvc.perform(get(qr.getPath() + "?" + qr.getQuery()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Link was revoked")));

		Path file = downloads.resolve("event.pdf");
		assertThat(cli(ExitCodes.OK, "reports", "download", Long.toString(id), "--to", file.toString()))
			.contains("sha256 " + sha);
		assertThat(Files.readAllBytes(file)).isEqualTo(pdf);

		assertThat(this.auditLog.page(new AuditQuery(null, "report.download", "report:" + id, 10)))
			.extracting(AuditEntry::actor)
			.containsExactly("alice", "link:" + linkId, "finance");
	}

	@Test
	void a_link_made_on_request_works_without_login_and_a_tampered_one_does_not() throws Exception {
		sale("cs_ApiLink1", Instant.parse("2030-08-10T20:00:00Z"), 3_000, "show-link-2030");
		assertThat(cli(ExitCodes.OK, "reports", "generate", "ledger-export", "2030-08", "--format", "csv"))
			.contains("COMPLETED");
		long id = this.jdbc.queryForObject(
				"SELECT id FROM reports WHERE type = 'ledger-export' AND period = '2030-08'", Long.class);

		this.mvc.perform(as("auditor", post("/api/reports/{id}/links", id))).andExpect(status().isForbidden());
		String url = com.jayway.jsonpath.JsonPath.read(this.mvc
			.perform(as("finance", post("/api/reports/{id}/links", id)).contentType(MediaType.APPLICATION_JSON)
				.content("{\"validityDays\": 2}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.url");
		URI link = URI.create(url);
		String csv = this.mvc.perform(get(link.getPath() + "?" + link.getQuery()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(csv).startsWith("journal_id,journal_kind,").contains("sale pi_ApiLink1");

		String tampered = link.getQuery().replaceFirst("expires=(\\d+)", "expires=9$1");
		this.mvc.perform(get(link.getPath() + "?" + tampered)).andExpect(status().isForbidden());
		this.mvc.perform(as("finance", post("/api/reports/{id}/links", 987_654_321L))).andExpect(status().isNotFound());

		assertThat(this.auditLog.page(new AuditQuery(null, "report.link.create", "report:" + id, 10)))
			.extracting(AuditEntry::actor, AuditEntry::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("finance", "ok"));
		assertThat(this.auditLog.page(new AuditQuery(null, "report.download", null, 50)))
			.anyMatch((entry) -> entry.outcome().equals("refused") && entry.detail().contains("signature"));
	}

	@Test
	void tax_profiles_load_from_a_csv_file_through_the_cli_all_or_nothing(@TempDir Path directory) throws Exception {
		Path good = directory.resolve("profiles.csv");
		Files.writeString(good, String.join("\r\n",
				"account_id,legal_name,address_line1,address_line2,city,postal_code,country,tin,vat_id,business",
				"acct_1CliTaxUs,\"Stage Left, LLC\",1 Main St,,Austin,78701,US,123-45-6789,,true",
				"acct_1CliTaxDe,Bühne GmbH,Hauptstr. 1,,Berlin,10115,DE,,DE123456789,true", ""));
		assertThat(cli(ExitCodes.OK, "tax-profiles", "load", good.toString())).contains("2 tax profiles loaded");
		assertThat(this.jdbc.queryForObject("SELECT legal_name FROM payee_tax_profiles WHERE account_id = ?",
				String.class, "acct_1CliTaxUs")).isEqualTo("Stage Left, LLC");

		Path bad = directory.resolve("bad.csv");
		Files.writeString(bad, String.join("\r\n",
				"account_id,legal_name,address_line1,address_line2,city,postal_code,country,tin,vat_id,business",
				"acct_1CliTaxFr,Scène SAS,1 rue,,Paris,75001,FR,,FR12345678901,maybe", ""));
		assertThat(cli(ExitCodes.USAGE, "tax-profiles", "load", bad.toString())).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM payee_tax_profiles WHERE account_id = ?",
				Long.class, "acct_1CliTaxFr")).isZero();
		assertThat(this.auditLog.page(new AuditQuery(null, "tax-profile.upsert", "acct_1CliTaxUs", 10)))
			.extracting(AuditEntry::actor, AuditEntry::channel)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "cli"));
	}

	private void sale(String session, Instant paidAt, long gross, String show) {
		this.transaction.executeWithoutResult((status) -> {
			String intent = "pi_" + session.substring(3);
			PaidSale sale = PaidSale.untaxed(intent, paidAt, "usd", gross, 1000,
					List.of(new Share("acct_1ApiReportPayee", 10_000)));
			long journal = this.ledger.post(sale.journal()).orElseThrow();
			this.jdbc.update("""
					INSERT INTO orders (sale_key, checkout_session_id, payment_intent, item_type, item_id, amount_total,
					    currency, payment_status, status, journal_id, created_at, updated_at)
					VALUES (?, ?, ?, 'ticket', ?, ?, 'usd', 'paid', 'PAID', ?, ?, ?)""", intent, session, intent, show,
					gross, journal, Timestamp.from(paidAt), Timestamp.from(paidAt));
			SettledCharges.settle(this.jdbc, this.ledger, intent, gross, 30, "usd", paidAt);
		});
	}

	private PassportEvent passport(String id, String type, String at, long value) {
		return new PassportEvent("api-" + id, type, Instant.parse(at), "user-qr", "artist-qr", "show-qr-2030", "Lisbon",
				"jazz", value, null, "1", null);
	}

	/** Decodes the QR code image embedded in the PDF's first page (ZXing). */
	static String decodeQr(byte[] pdf) throws Exception {
		PdfReader reader = new PdfReader(pdf);
		PdfDictionary resources = reader.getPageN(1).getAsDict(PdfName.RESOURCES);
		PdfDictionary xobjects = resources.getAsDict(PdfName.XOBJECT);
		for (PdfName name : xobjects.getKeys()) {
			PRStream stream = (PRStream) PdfReader.getPdfObject(xobjects.get(name));
			if (!PdfName.IMAGE.equals(stream.getAsName(PdfName.SUBTYPE))) {
				continue;
			}
			int width = stream.getAsNumber(PdfName.WIDTH).intValue();
			int height = stream.getAsNumber(PdfName.HEIGHT).intValue();
			byte[] gray = PdfReader.getStreamBytes(stream);
			BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
			image.getRaster().setDataElements(0, 0, width, height, gray);
			return new MultiFormatReader()
				.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
				.getText();
		}
		throw new AssertionError("no image in the PDF");
	}

	private String cli(int exitCode, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int actual = TreasuryCli.execute(this.context, args, new PrintWriter(out, true), new PrintWriter(err, true));
		assertThat(actual).as("exit code; out: %s err: %s", out, err).isEqualTo(exitCode);
		return out.toString();
	}

	private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
		return request.with(httpBasic(user, user + "-password"));
	}

}
