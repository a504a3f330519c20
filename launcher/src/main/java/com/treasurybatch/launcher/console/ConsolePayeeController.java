package com.treasurybatch.launcher.console;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import com.opencsv.CSVWriter;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import com.treasurybatch.shared.ledger.AccountFigures;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerSnapshots;
import com.treasurybatch.shared.ledger.MinorUnits;
import com.treasurybatch.shared.ledger.PayeeEntry;
import com.treasurybatch.shared.ledger.PayeeEntryPages;
import com.treasurybatch.shared.ledger.PayeeLedger;

/**
 * One payee's money (FINANCE, AUDITOR, as every {@code /console/money} page): {@code GET
 * /console/money/payees/{account}?currency=&cursor=&trail=}: its payable balance per currency and its ledger lines
 * in one currency (effective order, with the balance after each), keyset pages of {@value #PAGE_SIZE} by the
 * cursor of {@link PayeeEntryPages}, as the API's {@code GET /api/payees/{account}/entries} pages them. The
 * previous page's cursor travels in {@code trail} (the cursors of the pages before, {@value #FIRST_PAGE} for the
 * first). {@code GET /console/money/payees/{account}/entries.csv?currency=}: every line of the currency up to the
 * download's start as CSV, streamed page by page. Amounts are minor units in the data and shown by the
 * currency's decimals ({@code Currencies}).
 */
@Controller
class ConsolePayeeController {

	/** Lines per page of the page. */
	static final int PAGE_SIZE = 50;

	/**
	 * Lines per page read for the CSV: {@link PayeeEntryPages#LIMIT_MAX} ({@link PayeeLedger#PAGE_MAX} − 1, as
	 * {@link PayeeEntryPages#page} reads one line more than it lists).
	 */
	static final int CSV_PAGE_SIZE = PayeeEntryPages.LIMIT_MAX;

	/** How {@code trail} names the first page (no cursor); never a cursor, which is longer. */
	static final String FIRST_PAGE = "0";

	/** Most pages {@code trail} remembers; "First page" always goes back to the start. */
	static final int TRAIL_MAX = 100;

	private final PayeeEntryPages entryPages;

	private final LedgerSnapshots snapshots;

	private final Clock clock;

	ConsolePayeeController(PayeeEntryPages entryPages, LedgerSnapshots snapshots, Clock clock) {
		this.entryPages = entryPages;
		this.snapshots = snapshots;
		this.clock = clock;
	}

	@GetMapping("/console/money/payees/{account}")
	String payee(@PathVariable("account") String account,
			@RequestParam(name = "currency", required = false) String currency,
			@RequestParam(name = "cursor", required = false) String cursor,
			@RequestParam(name = "trail", required = false) String trail, Model model) {
		requireAccount(account);
		List<AccountFigures> balances = this.snapshots.figuresAt(LedgerSnapshots.LATEST,
				LedgerAccounts.payable(account));
		TreeSet<String> currencies = new TreeSet<>();
		balances.forEach((b) -> currencies.add(b.currency()));
		model.addAttribute("account", account);
		model.addAttribute("balances", balances);
		if (currencies.isEmpty()) {
			return "console/payee";
		}
		String listed = (currency != null && currencies.contains(currency)) ? currency : currencies.first();
		List<String> before = trail(trail);
		PayeeEntryPages.PayeeEntryPage page;
		try {
			page = this.entryPages.page(account, listed, null, null, blankToNull(cursor), PAGE_SIZE);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage(), ex);
		}
		model.addAttribute("currency", listed);
		model.addAttribute("page", page);
		model.addAttribute("firstPage", cursor == null || cursor.isBlank());
		String here = (cursor == null || cursor.isBlank()) ? FIRST_PAGE : cursor;
		model.addAttribute("hasPrevious", !before.isEmpty());
		if (!before.isEmpty()) {
			String previous = before.get(before.size() - 1);
			model.addAttribute("previousCursor", FIRST_PAGE.equals(previous) ? null : previous);
			model.addAttribute("previousTrail", joined(before.subList(0, before.size() - 1)));
		}
		if (page.next() != null) {
			List<String> onward = new ArrayList<>(before);
			onward.add(here);
			model.addAttribute("nextTrail", joined(onward.subList(Math.max(0, onward.size() - TRAIL_MAX), onward.size())));
		}
		return "console/payee";
	}

	@GetMapping("/console/money/payees/{account}/entries.csv")
	void entriesCsv(@PathVariable("account") String account,
			@RequestParam(name = "currency", required = false) String currency, HttpServletResponse response)
			throws IOException {
		requireAccount(account);
		Instant asOf = this.clock.instant(); // every page up to the same instant
		PayeeEntryPages.PayeeEntryPage page;
		try {
			page = this.entryPages.page(account, blankToNull(currency), null, asOf, null, CSV_PAGE_SIZE);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage(), ex);
		}
		String listed = page.currency();
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
			.filename(account + "-" + listed + "-entries.csv")
			.build()
			.toString());
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		CSVWriter csv = new CSVWriter(out);
		csv.writeNext(new String[] { "effective_at", "journal_id", "kind", "stripe_object", "side", "amount",
				"balance", "currency", "amount_minor", "balance_minor" }, false);
		while (true) {
			for (PayeeEntry e : page.entries()) {
				csv.writeNext(new String[] { e.effectiveAt().toString(), String.valueOf(e.journalId()), e.kind(),
						e.stripeObject(), e.side(), MinorUnits.decimal(e.signedCents(), listed),
						MinorUnits.decimal(e.balanceCents(), listed), listed, String.valueOf(e.signedCents()),
						String.valueOf(e.balanceCents()) }, false);
			}
			csv.flush();
			if (page.next() == null) {
				break;
			}
			page = this.entryPages.page(account, listed, null, asOf, page.next(), CSV_PAGE_SIZE);
		}
		csv.close();
	}

	private static void requireAccount(String account) {
		if (!LedgerAccounts.isConnectedAccountId(account)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND,
					"Not a Stripe connected account id (acct_...): " + account);
		}
	}

	private static List<String> trail(String trail) {
		if (trail == null || trail.isBlank()) {
			return List.of();
		}
		return Arrays.stream(trail.split(",")).filter((c) -> !c.isBlank()).toList();
	}

	private static String joined(List<String> cursors) {
		return cursors.isEmpty() ? null : String.join(",", cursors);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
