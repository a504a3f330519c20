package com.treasurybatch.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.cli.TreasuryCli;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeSignatures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main path as a new user walks it (README's tour): the sample Stripe events, signed, posted to the
 * receiver; {@code jobs start inbox-processing} from the CLI; a balanced trial balance with the right payables;
 * the history and the audit trail saying who ran what; the same books through the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.stripe.secret=" + StripeSignatures.TEST_SECRET,
				"spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=main-path-tests",
				"treasury.security.users-file=target/test-classes/test-users.properties", "treasury.actor=dana" })
@PostgresTest
class MainPathTests {

	private static final Path SAMPLES = Path.of("samples/stripe");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void sampleEventsBecomeBalancedJournalsSplitBetweenPayeesAndThePlatformOnRecord() throws Exception {
		List<Path> samples = samples();
		assertThat(samples).hasSize(7);
		for (Path sample : samples) {
			assertThat(post(sample).body()).contains("\"stored\"");
		}
		for (Path sample : samples) {
			assertThat(post(sample).body()).as("a second delivery is a duplicate").contains("\"duplicate\"");
		}

		Run run = cli("jobs", "start", "inbox-processing");
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.out()).contains("COMPLETED").contains("processed=6 ").contains("failed=0");

		// 10% platform fee by default; the rest split 50/30/20 for the ticket, whole to one payee otherwise
		assertThat(payable("acct_1TBVenueHall0001", "usd")).isEqualTo(5_400);
		assertThat(payable("acct_1TBArtistNova002", "usd")).isEqualTo(3_240);
		assertThat(payable("acct_1TBPromoterK0003", "usd")).isEqualTo(2_160);
		assertThat(payable("acct_1TBCreatorMia004", "usd")).isEqualTo(810);
		assertThat(payable("acct_1TBCreatorMia004", "eur")).isEqualTo(450);
		assertThat(this.ledger.balance("platform:fee_revenue", "usd").balanceCents()).isEqualTo(1_290);
		assertThat(this.ledger.balance("platform:suspense", "eur").balanceCents())
			.as("the brand offer names no payee: its payee share waits in suspense")
			.isPositive();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM alerts WHERE severity = 'WARNING'", Long.class))
			.isPositive();

		Run trialBalance = cli("ledger", "trial-balance");
		assertThat(trialBalance.exitCode()).isZero();
		assertThat(trialBalance.out()).containsPattern("usd\\s+129\\.00\\s+129\\.00\\s+yes")
			.containsPattern("eur\\s+255\\.00\\s+255\\.00\\s+yes")
			.contains("trial balance: balanced");

		Run executions = cli("executions", "--job", "inbox-processing");
		assertThat(executions.out()).contains("COMPLETED").contains("dana via cli");
		assertThat(this.jdbc.queryForList(
				"SELECT actor || ' ' || channel || ' ' || action || ' ' || outcome FROM audit_log ORDER BY id",
				String.class))
			.contains("dana cli job.start ok");

		HttpResponse<String> books = get("/api/ledger/trial-balance", "finance");
		assertThat(books.statusCode()).isEqualTo(200);
		assertThat(books.body()).contains("\"balanced\":true")
			.contains("{\"currency\":\"usd\",\"debitsCents\":12900,\"creditsCents\":12900,\"balanced\":true}");
		assertThat(get("/api/ledger/trial-balance", null).statusCode()).isEqualTo(401);
	}

	@Test
	void aReplayedEventIsTakenAgainAndChangesNothingInTheBooks() throws Exception {
		Path ticket = SAMPLES.resolve("01-ticket-sale-split.json");
		post(ticket);
		assertThat(cli("jobs", "start", "inbox-processing").exitCode()).isZero();
		long journals = this.jdbc.queryForObject("SELECT count(*) FROM journals", Long.class);
		long venue = payable("acct_1TBVenueHall0001", "usd");

		Run replay = cli("inbox", "replay", "evt_1TBDemoTicketSale0000001");
		assertThat(replay.exitCode()).as(replay.toString()).isZero();
		assertThat(replay.out()).contains("was PROCESSED, now RECEIVED");
		assertThat(cli("jobs", "start", "inbox-processing").out()).contains("processed=1");

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM journals", Long.class)).isEqualTo(journals);
		assertThat(payable("acct_1TBVenueHall0001", "usd")).isEqualTo(venue);
		assertThat(cli("inbox", "replay", "evt_doesNotExist").exitCode()).isEqualTo(4);
		assertThat(this.jdbc.queryForList("SELECT outcome FROM audit_log WHERE action = 'inbox.replay' ORDER BY id",
				String.class)).containsExactly("ok", "refused");
	}

	@Test
	void healthAndMetricsShowTheInboxBacklog() throws Exception {
		String unhandled = Files.readString(SAMPLES.resolve("07-customer-created-unhandled.json"))
			.replace("evt_1TBDemoCustomerCreated07", "evt_1TBHealthCheckWaiting01");
		postBody(unhandled.getBytes(StandardCharsets.UTF_8));

		assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
		HttpResponse<String> health = get("/actuator/health", "ops");
		assertThat(health.body()).contains("\"inbox\"").containsPattern("\"waiting\":[1-9]").contains("\"db\"");
		HttpResponse<String> metrics = get("/actuator/prometheus", "auditor");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).containsPattern("treasury_inbox_waiting_events [1-9]")
			.contains("treasury_inbox_oldest_waiting_seconds");
		assertThat(get("/actuator/prometheus", "finance").statusCode()).isEqualTo(403);
	}

	private long payable(String account, String currency) {
		return this.ledger.balance("payable:" + account, currency).balanceCents();
	}

	private static List<Path> samples() throws IOException {
		try (Stream<Path> files = Files.list(SAMPLES)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

	private HttpResponse<String> post(Path event) throws Exception {
		return postBody(Files.readAllBytes(event));
	}

	private HttpResponse<String> postBody(byte[] body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/webhooks/stripe"))
			.header("Content-Type", "application/json")
			.header("Stripe-Signature", StripeSignatures.header(body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response;
	}

	private HttpResponse<String> get(String path, String user) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (user != null) {
			String credentials = user + ":" + user + "-password";
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Run cli(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = TreasuryCli.execute(this.context, args, new PrintWriter(out, true), new PrintWriter(err, true));
		return new Run(exitCode, out.toString(), err.toString());
	}

	record Run(int exitCode, String out, String err) {
	}

}
