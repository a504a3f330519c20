package com.treasurybatch.launcher.console;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.launcher.testing.FailureSwitch;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditSearch;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven
 * by Selenium against the application on a random port. One browser and one application context for all tests;
 * each test signs in as the role it needs. Every page is checked with axe-core (WCAG 2.1 A and AA rules: no
 * violation) and saved as a screenshot under {@code target/console-screenshots/}.
 */
@SpringBootTest(classes = { TreasuryBatchApplication.class, TestJobs.class, ConsoleTestJobs.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=treasury-batch-console-tests",
				"treasury.security.users-file=target/test-classes/test-users.properties", "treasury.actor=alice",
				"treasury.operations.heartbeat-interval-seconds=1", "treasury.operations.node-dead-after-seconds=5",
				"treasury.operations.shutdown-wait-seconds=5",
				"treasury.reports.storage=target/console-browser-tests/reports",
				"treasury.reports.link-secret=console-test-secret-0123456789abcdef" })
@PostgresTest
class ConsoleBrowserTests {

	static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

	static final Duration WAIT = Duration.ofSeconds(30);

	/** The payee whose entries span pages. */
	static final String PAGED_PAYEE = "acct_1ConsolePaged";

	static WebDriver driver;

	@LocalServerPort
	int port;

	@Autowired
	JobOperations operations;

	@Autowired
	ConsoleTestJobs.SlowFailure slowFailure;

	@Autowired
	AuditLog audit;

	@Autowired
	FailureSwitch failures;

	@Autowired
	Alerts alerts;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@BeforeAll
	static void startBrowser() throws IOException {
		File chromedriver = new File("/usr/bin/chromedriver");
		assertThat(chromedriver).as("Debian's chromium-driver (apt-get install chromium chromium-driver)").exists();
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
			.usingAnyFreePort()
			.build();
		driver = new ChromeDriver(service, options);
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@Test
	void each_role_sees_only_its_pages_and_actions_and_a_refused_page_says_so() {
		signIn("ops");
		assertThat(navLinks()).containsExactly("Overview", "Executions", "Schedules", "Inbox", "Alerts",
				"Reconciliation", "Audit");
		open("/console/executions");
		assertThat(driver.findElements(By.id("start-job"))).hasSize(1);
		open("/console/money");
		assertThat(heading()).isEqualTo("Not allowed");

		signIn("finance");
		assertThat(navLinks()).containsExactly("Overview", "Executions", "Schedules", "Reconciliation", "Money",
				"Reports");
		open("/console/executions");
		assertThat(driver.findElements(By.id("start-job"))).isEmpty();
		open("/console/audit");
		assertThat(heading()).isEqualTo("Not allowed");
		open("/console/inbox");
		assertThat(heading()).isEqualTo("Not allowed");

		signIn("auditor");
		assertThat(navLinks()).containsExactly("Overview", "Executions", "Schedules", "Inbox", "Alerts",
				"Reconciliation", "Money", "Audit");
		this.alerts.raise(Severity.CRITICAL, "console_test", "evt_console_role", "role test alert",
				"console-role-" + System.nanoTime());
		open("/console/alerts");
		assertThat(driver.findElement(By.id("alerts")).getText()).contains("role test alert");
		assertThat(driver.findElements(By.xpath("//button[normalize-space()='Acknowledge']"))).isEmpty();
		open("/console/schedules");
		assertThat(driver.findElements(By.xpath("//button[normalize-space()='Pause']"))).isEmpty();
		open("/console/money/reports");
		assertThat(heading()).isEqualTo("Not allowed");

		driver.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
		wait(ExpectedConditions.urlContains("/console/login?logout"));
		open("/console/executions");
		assertThat(driver.getCurrentUrl()).endsWith("/console/login");
	}

	@Test
	void ops_starts_a_failing_job_watches_its_progress_and_restarts_it_from_the_console() throws IOException {
		this.slowFailure.failAt.set(17);
		signIn("ops");
		open("/console/executions");
		new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("start-job")))
			.selectByValue(ConsoleTestJobs.SLOW);
		driver.findElement(By.id("start-parameters")).sendKeys("date=2026-11-30");
		driver.findElement(By.xpath("//button[normalize-space()='Start']")).click();
		driver.switchTo().alert().accept();

		wait(ExpectedConditions.urlMatches(".*/console/executions/\\d+$"));
		long firstId = Long.parseLong(driver.getCurrentUrl().replaceAll(".*/", ""));
		markPage();
		long firstRead = readCount();
		// the steps table is re-rendered from the server while the page stays: items read grow without reload
		wait((d) -> readCount() > firstRead);
		wait((d) -> readCount() >= ConsoleTestJobs.CHUNK_SIZE * 2 && readCount() > firstRead);
		wait((d) -> statusText().startsWith("FAILED"));
		assertThat(pageMarked()).as("the page was never reloaded").isTrue();
		// 15 items committed in 5 chunks before item 17 failed in the 6th chunk
		assertThat(driver.findElement(By.cssSelector("#steps .write-count")).getText()).isEqualTo("15");
		assertThat(driver.findElement(By.id("exit-message")).getText()).contains("planned failure at item 17");
		screenshot("execution-failed");

		this.slowFailure.failAt.set(0);
		driver.findElement(By.id("restart")).click();
		driver.switchTo().alert().accept();
		wait(ExpectedConditions.not(ExpectedConditions.urlMatches(".*/console/executions/" + firstId + "$")));
		long secondId = Long.parseLong(driver.getCurrentUrl().replaceAll(".*/", ""));
		assertThat(driver.findElement(By.cssSelector("p.notice")).getText())
			.isEqualTo("Restarted execution " + firstId + " as execution " + secondId + ".");
		markPage();
		wait((d) -> statusText().startsWith("COMPLETED"));
		assertThat(pageMarked()).isTrue();
		// the restart goes on from the last commit: items 16 to 30
		assertThat(driver.findElement(By.cssSelector("#steps .read-count")).getText()).isEqualTo("15");
		open("/console/executions/" + firstId);
		assertThat(driver.findElement(By.id("execution-audit")).getText()).contains("job.restart").contains("console");

		List<AuditEntry> rows = this.audit
			.search(new AuditSearch(null, "ops", "job.restart", String.valueOf(firstId), null, null, 5));
		assertThat(rows).extracting(AuditEntry::channel, AuditEntry::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("console", "ok"));
		assertThat(this.audit.search(new AuditSearch(null, "ops", "job.start", ConsoleTestJobs.SLOW, null, null, 5)))
			.extracting(AuditEntry::channel)
			.contains("console");
	}

	@Test
	void the_overview_shows_a_running_execution_moving_without_reload() {
		signIn("auditor");
		markPage();
		assertThat(driver.findElement(By.id("running")).getText()).doesNotContain("slowStep");
		// started after the page loaded: it appears, moves and goes away while the page stays
		ExecutionSummary started = this.operations.start(ConsoleTestJobs.SLOW, Map.of("date", "2026-11-29"),
				new Actor("alice", AuditChannel.CLI));
		wait((d) -> d.findElement(By.id("running")).getText().contains(String.valueOf(started.id())));
		String before = driver.findElement(By.id("running")).getText();
		wait((d) -> !d.findElement(By.id("running")).getText().equals(before));
		assertThat(pageMarked()).isTrue();
		wait((d) -> !d.findElement(By.id("running")).getText().contains("slowStep"));
	}

	@Test
	void executions_and_audit_export_as_csv_with_the_page_filters() throws Exception {
		ExecutionSummary started = this.operations.start(TestJobs.CHUNKS, Map.of("date", "2026-10-01"),
				new Actor("alice", AuditChannel.CLI));
		awaitEnd(started.id());
		signIn("auditor");
		open("/console/executions?job=" + TestJobs.CHUNKS + "&by=alice&channel=cli");
		assertThat(driver.findElement(By.id("executions")).getText()).contains(String.valueOf(started.id()));
		String csv = download(driver.findElement(By.id("executions-csv")).getAttribute("href"));
		assertThat(csv.lines().findFirst().orElseThrow())
			.isEqualTo("id,job,instance,status,exit_code,started_at,ended_at,duration_ms,triggered_by,channel,exit_message");
		assertThat(csv.lines().skip(1)).allMatch((line) -> line.contains("," + TestJobs.CHUNKS + ",")
				&& line.contains(",alice,cli,"));
		assertThat(csv).contains(started.id() + "," + TestJobs.CHUNKS + ",");

		open("/console/audit?actor=alice&action=job.start");
		String audit = download(driver.findElement(By.id("audit-csv")).getAttribute("href"));
		assertThat(audit.lines().findFirst().orElseThrow())
			.isEqualTo("id,occurred_at,actor,channel,action,target,outcome,detail");
		assertThat(audit.lines().skip(1)).isNotEmpty().allMatch((line) -> line.contains(",alice,cli,job.start,"));
	}

	@Test
	void every_page_passes_axe_wcag_21_aa_and_is_screenshotted() throws Exception {
		this.alerts.raise(Severity.WARNING, "console_test", "acct_1Console", "a payee account needs attention",
				"console-axe-" + System.nanoTime());
		this.jdbc.update("""
				INSERT INTO webhook_inbox (event_id, type, created, payload, status, attempts, next_attempt_at, last_error)
				VALUES (?, 'charge.refunded', now(), '{}'::jsonb, 'FAILED', 2, now() + interval '4 minutes',
				        'no sale for charge ch_3Console')
				ON CONFLICT (event_id) DO NOTHING""", "evt_console_failed_1");
		ExecutionSummary report = this.operations.start("report-generation",
				Map.of("type", "ledger-export", "period", "2030-01", "format", "csv"),
				new Actor("alice", AuditChannel.CLI));
		awaitEnd(report.id());
		this.failures.failAt(7);
		ExecutionSummary failing = this.operations.start(TestJobs.CHUNKS, Map.of("date", "2026-10-02"),
				new Actor("alice", AuditChannel.CLI));
		awaitEnd(failing.id());
		this.failures.clear();

		signIn("ops");
		for (String page : List.of("/console", "/console/executions", "/console/executions/" + failing.id(),
				"/console/schedules", "/console/inbox", "/console/alerts", "/console/reconciliation", "/console/audit")) {
			check(page);
		}
		// two sales, 10 % platform fee: 100.00 USD -> 10.00 fee, 90.00 to the host; 50.00 USD -> 5.00, 45.00 to the
		// artist; the trial balance: debits 150.00 (cash) = credits 15.00 + 90.00 + 45.00
		Instant at = Instant.parse("2026-11-20T12:00:00Z");
		this.ledger.post(JournalEntry.of("sale", "pi_ConsoleHost1", "sale", at,
				List.of(JournalLine.debit("platform:cash", 10_000, "usd"),
						JournalLine.credit("platform:fee_revenue", 1_000, "usd"),
						JournalLine.credit("payable:acct_1ConsoleHost", 9_000, "usd"))));
		this.ledger.post(JournalEntry.of("sale", "pi_ConsoleArtist1", "sale", at,
				List.of(JournalLine.debit("platform:cash", 5_000, "usd"),
						JournalLine.credit("platform:fee_revenue", 500, "usd"),
						JournalLine.credit("payable:acct_1ConsoleArtist", 4_500, "usd"))));
		signIn("finance");
		check("/console/money");
		assertThat(driver.findElement(By.id("trial-balance")).getText()).contains("usd 150.00 USD 150.00 USD yes");
		assertThat(driver.findElement(By.id("payees")).getText()).contains("acct_1ConsoleHost usd 90.00 USD")
			.contains("acct_1ConsoleArtist usd 45.00 USD");
		check("/console/money/reports");
		driver.findElement(By.xpath("//button[starts-with(normalize-space(), 'Share')]")).click();
		// the click posts a form: wait for the next page rather than read the h1 of the one being left
		new WebDriverWait(driver, Duration.ofSeconds(10))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Share link"));
		assertThat(heading()).startsWith("Share link");
		assertThat(driver.findElement(By.id("share-url")).getAttribute("value")).contains("/public/reports/links/");
		assertThat(driver.findElements(By.cssSelector("figure svg[role=img]"))).hasSize(1);
		axe("share");
		screenshot("share");

		driver.manage().deleteAllCookies();
		open("/console/login");
		axe("login");
		screenshot("login");

		signIn("ops");
		driver.manage().window().setSize(new Dimension(390, 844));
		open("/console");
		screenshot("overview-phone");
		driver.manage().window().setSize(new Dimension(1280, 1000));
	}

	@Test
	void finance_opens_a_payee_from_the_money_page_and_pages_its_entries_forth_and_back() throws Exception {
		bookPayeeMonth();
		signIn("finance");
		open("/console/money");
		driver.findElement(By.xpath("//table[@id='payees']//tr[td[2][normalize-space()='eur']]//a[normalize-space()='"
				+ PAGED_PAYEE + "']")).click();
		wait(ExpectedConditions.urlContains("/console/money/payees/" + PAGED_PAYEE));
		assertThat(heading()).isEqualTo("Payee " + PAGED_PAYEE);
		// eur: 1000 x 9.99 - 22.50 - 5,000.00 = 9,990.00 - 5,022.50 = 4,967.50; jpy: 11,111 (no decimals)
		assertThat(rows("payee-balances")).containsExactly(List.of("eur", "4,967.50 EUR", "Entries in EUR"),
				List.of("jpy", "11,111 JPY", "Entries in JPY"));
		assertThat(heading2s()).contains("Entries in EUR");
		List<List<String>> first = rows("entries");
		assertThat(first).hasSize(50);
		// each sale: 11.10 gross, 1.11 fee, 9.99 to the payee; after the 50th: 50 x 9.99 = 499.50
		assertThat(first.get(0)).containsExactly("2026-10-01 00:01:00 UTC", "sale", "pi_1PagedSale0001",
				first.get(0).get(3), "9.99 EUR", "9.99 EUR");
		assertThat(first.get(49)).containsExactly("2026-10-01 00:50:00 UTC", "sale", "pi_1PagedSale0050",
				first.get(49).get(3), "9.99 EUR", "499.50 EUR");
		assertThat(driver.findElements(By.id("previous-page"))).isEmpty();
		axe("payee");
		screenshot("payee");

		driver.findElement(By.id("next-page")).click();
		wait((d) -> rows("entries").get(0).get(2).equals("pi_1PagedSale0051"));
		// 51 x 9.99 = 509.49
		assertThat(rows("entries").get(0)).endsWith("9.99 EUR", "509.49 EUR");
		driver.findElement(By.id("next-page")).click();
		wait((d) -> rows("entries").get(0).get(2).equals("pi_1PagedSale0101"));
		driver.findElement(By.id("previous-page")).click();
		wait((d) -> rows("entries").get(0).get(2).equals("pi_1PagedSale0051"));
		driver.findElement(By.id("previous-page")).click();
		wait((d) -> rows("entries").get(0).get(2).equals("pi_1PagedSale0001"));
		assertThat(rows("entries")).isEqualTo(first);
		assertThat(driver.findElements(By.id("previous-page"))).isEmpty();

		driver.findElement(By.xpath("//a[normalize-space()='Entries in JPY']")).click();
		wait((d) -> heading2s().contains("Entries in JPY"));
		assertThat(rows("entries")).singleElement()
			.satisfies((row) -> assertThat(row).containsExactly("2026-10-05 09:30:00 UTC", "sale", "pi_1PagedYen",
					row.get(3), "11,111 JPY", "11,111 JPY"));
		assertThat(driver.findElements(By.id("next-page"))).isEmpty();
		axe("payee-jpy");
	}

	@Test
	void a_payees_entries_download_as_csv_over_http_every_page_to_the_cent() throws Exception {
		bookPayeeMonth();
		signIn("auditor");
		String url = "http://localhost:" + this.port + "/console/money/payees/" + PAGED_PAYEE + "/entries.csv?currency=eur";
		String csv = download(url);
		List<String> lines = csv.lines().toList();
		assertThat(lines.get(0)).isEqualTo(
				"effective_at,journal_id,kind,stripe_object,side,amount,balance,currency,amount_minor,balance_minor");
		// 1000 sales, a refund, a payout: 1002 lines, read as pages of 999 then 3
		assertThat(lines).hasSize(1 + 1002);
		assertThat(lines.get(1)).startsWith("2026-10-01T00:01:00Z,").endsWith(",sale,pi_1PagedSale0001,C,9.99,9.99,eur,999,999");
		// the last line of the first page of 999: 999 x 9.99 = 9,980.01; the first of the second: 9,990.00
		assertThat(lines.get(999)).contains(",pi_1PagedSale0999,C,9.99,9980.01,eur,999,998001");
		assertThat(lines.get(1000)).contains(",pi_1PagedSale1000,C,9.99,9990.00,eur,999,999000");
		// refund of 25.00: 2.50 fee back, 22.50 from the payee: 9,990.00 - 22.50 = 9,967.50
		assertThat(lines.get(1001)).isEqualTo(
				"2026-10-02T08:00:00Z," + journal("refund", "re_1PagedRefund") + ",refund,re_1PagedRefund,D,-22.50,9967.50,eur,-2250,996750");
		// payout of 5,000.00: 9,967.50 - 5,000.00 = 4,967.50, the balance on the page
		assertThat(lines.get(1002)).isEqualTo("2026-10-03T02:00:00Z," + journal("payout", "payout:" + PAGED_PAYEE
				+ ":2026-10-03") + ",payout,payout:" + PAGED_PAYEE + ":2026-10-03,D,-5000.00,4967.50,eur,-500000,496750");
		assertThat(lines.stream().skip(1).map((line) -> line.split(",")[1]).distinct()).hasSize(1002);

		signIn("ops");
		Cookie session = driver.manage().getCookieNamed("JSESSIONID");
		HttpResponse<String> refused = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "JSESSIONID=" + session.getValue()).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).as("OPS does not read money").isEqualTo(403);
		assertThat(refused.body()).doesNotContain("pi_1PagedSale");
	}

	/** One payee paid in eur and jpy (booked once for the tests that read it). */
	private void bookPayeeMonth() {
		if (this.ledger.journalId("pi_1PagedYen", "sale").isPresent()) {
			return;
		}
		List<JournalEntry> journals = new java.util.ArrayList<>();
		Instant start = Instant.parse("2026-10-01T00:00:00Z");
		for (int i = 1; i <= 1000; i++) {
			// 11.10 gross, 10 % fee 1.11, 9.99 to the payee
			journals.add(JournalEntry.of("sale", String.format("pi_1PagedSale%04d", i), "sale",
					start.plus(Duration.ofMinutes(i)),
					List.of(JournalLine.debit("platform:cash", 1_110, "eur"),
							JournalLine.credit("platform:fee_revenue", 111, "eur"),
							JournalLine.credit("payable:" + PAGED_PAYEE, 999, "eur"))));
		}
		journals.add(JournalEntry.of("refund", "re_1PagedRefund", "refund", Instant.parse("2026-10-02T08:00:00Z"),
				List.of(JournalLine.debit("platform:fee_revenue", 250, "eur"),
						JournalLine.debit("payable:" + PAGED_PAYEE, 2_250, "eur"),
						JournalLine.credit("platform:cash", 2_500, "eur"))));
		journals.add(JournalEntry.of("payout", "payout:" + PAGED_PAYEE + ":2026-10-03", "payout",
				Instant.parse("2026-10-03T02:00:00Z"), List.of(JournalLine.debit("payable:" + PAGED_PAYEE, 500_000, "eur"),
						JournalLine.credit("platform:cash", 500_000, "eur"))));
		// 12,345 JPY gross, 1,234 fee, 11,111 to the payee
		journals.add(JournalEntry.of("sale", "pi_1PagedYen", "sale", Instant.parse("2026-10-05T09:30:00Z"),
				List.of(JournalLine.debit("platform:cash", 12_345, "jpy"),
						JournalLine.credit("platform:fee_revenue", 1_234, "jpy"),
						JournalLine.credit("payable:" + PAGED_PAYEE, 11_111, "jpy"))));
		this.ledger.postAll(journals);
	}

	private long journal(String kind, String source) {
		return this.ledger.journalId(source, kind).orElseThrow();
	}

	/** The cells' texts of each body row of a table, one list per row (never the row's whole text). */
	private List<List<String>> rows(String tableId) {
		return driver.findElements(By.cssSelector("#" + tableId + " tbody tr"))
			.stream()
			.map((row) -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
			.toList();
	}

	private List<String> heading2s() {
		return driver.findElements(By.tagName("h2")).stream().map(WebElement::getText).toList();
	}

	private void awaitEnd(long id) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (this.operations.awaitProgress(id, Duration.ofSeconds(1)).summary().running()) {
			assertThat(Instant.now()).as("execution %d still running", id).isBefore(deadline);
		}
	}

	private void check(String page) throws IOException {
		open(page);
		assertThat(heading()).isNotEqualTo("Not allowed");
		String name = page.equals("/console") ? "overview"
				: page.substring("/console/".length()).replace('/', '-').replaceAll("^executions-\\d+$", "execution");
		axe(name);
		screenshot(name);
	}

	private void axe(String name) {
		Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(driver);
		List<Rule> violations = results.getViolations();
		assertThat(violations)
			.as("axe violations on %s: %s", name,
					violations.stream()
						.map((v) -> v.getId() + " " + v.getNodes().stream().map((n) -> n.getHtml()).toList())
						.collect(Collectors.joining("; ")))
			.isEmpty();
	}

	private void screenshot(String name) throws IOException {
		File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
		Files.copy(file.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	private String download(String url) throws Exception {
		Cookie session = driver.manage().getCookieNamed("JSESSIONID");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "JSESSIONID=" + session.getValue()).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> type.startsWith("text/csv"));
		assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying((d) -> d.startsWith("attachment"));
		return response.body();
	}

	private void signIn(String user) {
		driver.manage().deleteAllCookies();
		open("/console/login");
		driver.findElement(By.id("username")).sendKeys(user);
		driver.findElement(By.id("password")).sendKeys(user + "-password");
		driver.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
		wait(ExpectedConditions.urlMatches(".*/console$"));
		assertThat(heading()).isEqualTo("Overview");
	}

	private void open(String path) {
		driver.get("http://localhost:" + this.port + path);
	}

	private String heading() {
		return driver.findElement(By.tagName("h1")).getText();
	}

	private List<String> navLinks() {
		return driver.findElements(By.cssSelector("header nav a")).stream().map(WebElement::getText).toList();
	}

	private long readCount() {
		List<WebElement> cells = driver.findElements(By.cssSelector("#steps .read-count"));
		return cells.isEmpty() ? 0 : Long.parseLong(cells.get(0).getText());
	}

	private String statusText() {
		return driver.findElement(By.id("execution-status")).getText();
	}

	/** Marks the loaded page: a reload would lose the mark. */
	private void markPage() {
		((JavascriptExecutor) driver).executeScript("window.consoleTestMark = 'kept';");
	}

	private boolean pageMarked() {
		return "kept".equals(((JavascriptExecutor) driver).executeScript("return window.consoleTestMark;"));
	}

	private <T> T wait(java.util.function.Function<WebDriver, T> condition) {
		return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until(condition::apply);
	}

}
