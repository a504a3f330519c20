package com.treasurybatch.launcher.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.fail;

/**
 * Server JVMs of one cluster for the tests of this package: started from the test class path as {@code serve}
 * processes on one database, their output in a log file each, stopped (or killed) by the test.
 */
final class ClusterNodes implements AutoCloseable {

	static final String READY = "ReadinessState changed to ACCEPTING_TRAFFIC";

	private final String url;

	private final Path homes;

	private final String cluster;

	private final List<String> settings;

	private final List<Process> processes = new ArrayList<>();

	private final List<Path> logs = new ArrayList<>();

	private final List<Integer> ports = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	/**
	 * @param url the database, from {@link TestPostgres#newDatabase}
	 * @param homes where each node's TREASURY_HOME and log go
	 * @param cluster the Quartz scheduler name the nodes share
	 * @param settings further {@code --key=value} arguments of every node
	 */
	ClusterNodes(String url, Path homes, String cluster, List<String> settings) {
		this.url = url;
		this.homes = homes;
		this.cluster = cluster;
		this.settings = settings;
	}

	/** Starts one more node (not waiting for it); returns its index. */
	int start() throws IOException {
		int index = this.processes.size();
		Path home = Files.createDirectories(this.homes.resolve("node" + index));
		Path log = this.homes.resolve("node" + index + ".log");
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				TreasuryBatchApplication.class.getName(), "serve"));
		TestPostgres.properties(this.url).forEach((key, value) -> command.add("--" + key + "=" + value));
		command.addAll(List.of("--treasury.home=" + home, "--server.port=" + port,
				"--spring.quartz.scheduler-name=" + this.cluster,
				"--spring.quartz.properties.org.quartz.scheduler.instanceId=node" + index,
				"--treasury.security.users-file=target/test-classes/test-users.properties",
				"--treasury.reports.link-secret=" + SharedStateTests.LINK_KEY,
				"--treasury.mail.unsubscribe-secret=" + SharedStateTests.UNSUBSCRIBE_KEY,
				"--treasury.webhooks.passport.secret=" + SharedStateTests.PASSPORT_SECRET,
				"--management.health.mail.enabled=false",
				"--logging.level.org.springframework.boot.availability=debug"));
		command.addAll(this.settings);
		this.processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
		this.logs.add(log);
		this.ports.add(port);
		return index;
	}

	/** Waits until every node started so far accepts traffic; fails with a node's log if one dies or is late. */
	void awaitReady() throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		for (int i = 0; i < this.processes.size(); i++) {
			while (!Files.readString(this.logs.get(i), StandardCharsets.UTF_8).contains(READY)) {
				if (!this.processes.get(i).isAlive()) {
					fail("node" + i + " did not start:\n" + tail(this.logs.get(i)));
				}
				if (System.nanoTime() > deadline) {
					fail("node" + i + " not ready after 3 minutes:\n" + tail(this.logs.get(i)));
				}
				Thread.sleep(200);
			}
		}
	}

	int size() {
		return this.processes.size();
	}

	Process process(int index) {
		return this.processes.get(index);
	}

	Path log(int index) {
		return this.logs.get(index);
	}

	/** The last lines of every node's log, for a failure message. */
	String tails() throws IOException {
		StringBuilder tails = new StringBuilder();
		for (int i = 0; i < this.logs.size(); i++) {
			tails.append("node").append(i).append(":\n").append(tail(this.logs.get(i))).append('\n');
		}
		return tails.toString();
	}

	/** POSTs to a node's API as the test OPS user; returns the response. */
	HttpResponse<String> post(int index, String path, String json) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.ports.get(index) + path))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/json")
			.POST((json == null) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A JDBC template on the cluster's database, as its owner. */
	JdbcTemplate owner() {
		return new JdbcTemplate(new DriverManagerDataSource(this.url, TestPostgres.OWNER, TestPostgres.OWNER));
	}

	/**
	 * Payees {@code acct_<prefix><n>}, n from 0: see {@link #seedPayees(StripeSimulator, LocalDate, IntFunction, int)}.
	 */
	Map<String, Long> seedPayees(StripeSimulator stripe, LocalDate date, String prefix, int count) {
		return seedPayees(stripe, date, (i) -> "acct_" + prefix + i, count);
	}

	/**
	 * Payees with an active connected account (in the database and at the simulator) and one sale each, 60 days
	 * before {@code date}, of 10.00 to 99.99 dollars.
	 * @param names the account id of the n-th payee
	 * @return what each payee is owed, in cents, by account id
	 */
	Map<String, Long> seedPayees(StripeSimulator stripe, LocalDate date, IntFunction<String> names, int count) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.url, TestPostgres.OWNER,
				TestPostgres.OWNER);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
		Ledger ledger = new Ledger(jdbc, transactions);
		ConnectedAccounts accounts = new ConnectedAccounts(jdbc);
		Instant accountEvent = date.minusDays(120).atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant saleAt = date.minusDays(60).atStartOfDay().toInstant(ZoneOffset.UTC);
		Map<String, Long> owed = new LinkedHashMap<>();
		new TransactionTemplate(transactions).executeWithoutResult((status) -> {
			for (int i = 0; i < count; i++) {
				String payee = names.apply(i);
				long cents = 1_000 + (i * 37L) % 9_000;
				owed.put(payee, cents);
				stripe.seedAccount(SimulatedAccount.active(payee, accountEvent));
				accounts.saveIfNewer(new ConnectedAccount(payee, true, true, true, List.of(), null, "evt_" + payee,
						accountEvent, accountEvent));
				ledger.post(JournalEntry.of("sale", "cs_" + payee, "sale", saleAt,
						List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents, "usd"),
								JournalLine.credit(LedgerAccounts.payable(payee), cents, "usd"))));
			}
		});
		return owed;
	}

	/** Stops every node (SIGTERM, then SIGKILL after 30 s). */
	@Override
	public void close() throws InterruptedException {
		for (Process node : this.processes) {
			node.destroy();
		}
		for (Process node : this.processes) {
			if (!node.waitFor(30, TimeUnit.SECONDS)) {
				node.destroyForcibly();
			}
		}
	}

	/** The last 60 lines of a log, stack trace lines left out. */
	static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> !line.startsWith("\tat ") && !line.startsWith("\t... "))
			.toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
