package com.treasurybatch.launcher.console;

import java.io.IOException;
import java.security.Principal;
import java.util.List;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.treasurybatch.shared.ledger.AccountBalance;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.shared.reports.LinkRefusedException;
import com.treasurybatch.shared.reports.ReportDownloads;
import com.treasurybatch.shared.reports.ReportLinks;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.SignedLink;
import com.treasurybatch.shared.reports.StoredReport;

/**
 * Money (FINANCE, AUDITOR): {@code GET /console/money}: trial balance per currency, what is owed to each payee
 * per currency (the {@code payable:acct_...} balances), payouts by status and the latest payouts; {@code
 * /console/money/payees.csv}, {@code /console/money/payouts.csv}. Reports (FINANCE): {@code GET
 * /console/money/reports} (and {@code .csv}), {@code GET /console/money/reports/{id}/download} (audited {@code
 * report.download}), {@code POST /console/money/reports/{id}/links} (a signed share link and its QR code; audited
 * {@code report.link.create}). Amounts in minor units, shown with two decimals and the currency.
 */
@Controller
class ConsoleMoneyController {

	/** Payee balances listed. */
	static final int PAYEES_MAX = 200;

	/** Latest payouts listed. */
	static final int PAYOUTS_MAX = 50;

	/** Reports listed. */
	static final int REPORTS_MAX = 100;

	private final Ledger ledger;

	private final Payouts payouts;

	private final Reports reports;

	private final ReportDownloads downloads;

	private final ReportLinks links;

	ConsoleMoneyController(Ledger ledger, Payouts payouts, Reports reports, ReportDownloads downloads,
			ReportLinks links) {
		this.ledger = ledger;
		this.payouts = payouts;
		this.reports = reports;
		this.downloads = downloads;
		this.links = links;
	}

	@GetMapping("/console/money")
	String money(Model model) {
		List<TrialBalanceLine> trial = this.ledger.trialBalance();
		model.addAttribute("trialBalance", trial);
		model.addAttribute("balanced", trial.stream().allMatch(TrialBalanceLine::balanced));
		model.addAttribute("payees", this.ledger.payableBalances(PAYEES_MAX));
		model.addAttribute("payoutTotals", this.payouts.totalsByStatus());
		model.addAttribute("payouts", this.payouts.list(null, null, PAYOUTS_MAX));
		return "console/money";
	}

	@GetMapping("/console/money/payees.csv")
	ResponseEntity<byte[]> payeesCsv() {
		List<AccountBalance> payees = this.ledger.payableBalances(PAYEES_MAX);
		return CsvFiles.of("payee-balances.csv",
				new String[] { "account", "currency", "debits", "credits", "owed" },
				payees.stream()
					.map((b) -> new String[] { b.accountCode(), b.currency(), String.valueOf(b.debitsCents()),
							String.valueOf(b.creditsCents()), String.valueOf(b.balanceCents()) })
					.toList());
	}

	@GetMapping("/console/money/payouts.csv")
	ResponseEntity<byte[]> payoutsCsv() {
		List<Payout> list = this.payouts.list(null, null, PAYOUTS_MAX);
		return CsvFiles.of("payouts.csv",
				new String[] { "id", "payee", "business_date", "kind", "amount", "currency", "status", "transfer" },
				list.stream()
					.map((p) -> new String[] { String.valueOf(p.id()), p.payeeAccount(), p.businessDate().toString(),
							p.kind().name(), String.valueOf(p.amountCents()), p.currency(), p.status().name(),
							CsvFiles.text(p.stripeTransferId()) })
					.toList());
	}

	@GetMapping("/console/money/reports")
	String reports(Model model) {
		model.addAttribute("reports", this.reports.list(null, null, REPORTS_MAX));
		return "console/reports";
	}

	@GetMapping("/console/money/reports.csv")
	ResponseEntity<byte[]> reportsCsv() {
		return CsvFiles.of("reports.csv",
				new String[] { "id", "type", "period", "format", "name", "size_bytes", "sha256", "created_at" },
				this.reports.list(null, null, REPORTS_MAX)
					.stream()
					.map((r) -> new String[] { String.valueOf(r.id()), r.type(), r.period(), r.format(), r.name(),
							String.valueOf(r.sizeBytes()), r.sha256(), CsvFiles.text(r.createdAt()) })
					.toList());
	}

	@GetMapping("/console/money/reports/{id}/download")
	ResponseEntity<InputStreamResource> download(@PathVariable("id") long id, Principal principal)
			throws IOException {
		ReportDownloads.Download download = this.downloads.open(id, ConsoleActor.of(principal));
		StoredReport report = download.report();
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(report.contentType()))
			.contentLength(report.sizeBytes())
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(report.name()).build().toString())
			.body(new InputStreamResource(download.content()));
	}

	@PostMapping("/console/money/reports/{id}/links")
	String share(@PathVariable("id") long id,
			@RequestParam(name = "validityDays", required = false) Integer validityDays, Principal principal,
			Model model, RedirectAttributes redirect) {
		try {
			SignedLink link = this.links.create(id, validityDays, ConsoleActor.of(principal));
			model.addAttribute("link", link);
			model.addAttribute("qr", QrCodes.svg(link.url()));
			model.addAttribute("report", this.reports.find(id).orElse(null));
			return "console/share";
		}
		catch (LinkRefusedException ex) {
			redirect.addFlashAttribute("problem", "No link: " + ex.getMessage());
			return "redirect:/console/money/reports";
		}
	}

}
