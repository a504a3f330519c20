package com.treasurybatch.launcher.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.launcher.cli.TreasuryCli;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.reports.ReportDownloads;
import com.treasurybatch.shared.reports.ReportStorage;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.StoredReport;
import com.treasurybatch.shared.storage.ContentStore;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several nodes on one database, each with a TREASURY_HOME of its own (as docker-compose.yml runs them): they see the
 * same report files, accept each other's links, and a node refuses to start with a key the others do not use.
 * (Nodes starting at the same instant: {@link ConcurrentStartTests}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedStateTests {

	static final String LINK_KEY = "shared-link-key-0123456789abcdef0123456789";

	static final String UNSUBSCRIBE_KEY = "shared-unsubscribe-key-0123456789abcdef0123";

	static final String PASSPORT_SECRET = "whsec_shared_passport_0123456789abcdef";

	static final Actor FINANCE = new Actor("fin-lea", AuditChannel.CLI);

	@TempDir
	static Path homes;

	String url;

	ConfigurableApplicationContext node1;

	ConfigurableApplicationContext node2;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	void startTwoNodes() throws IOException {
		this.url = TestPostgres.newDatabase("shared_state");
		this.node1 = node(this.url, "pair", home("node1"), "node1", WebApplicationType.SERVLET, sharedKeys());
		this.node2 = node(this.url, "pair", home("node2"), "node2", WebApplicationType.SERVLET, sharedKeys());
	}

	@AfterAll
	void stopNodes() {
		for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { this.node2, this.node1 }) {
			if (node != null) {
				node.close();
			}
		}
	}

	@Test
	void a_report_generated_through_one_node_downloads_through_the_other_and_a_link_minted_on_one_opens_on_the_other()
			throws Exception {
		StoredReport report = generate(this.node1, "2026-01");

		HttpResponse<byte[]> download = this.http.send(HttpRequest.newBuilder(uri(this.node2,
				"/api/reports/" + report.id() + "/download"))
			.header("Authorization", basic("finance"))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(sha256(download.body())).isEqualTo(report.sha256());
		assertThat(new String(download.body(), StandardCharsets.UTF_8)).startsWith("journal_id,");

		HttpResponse<String> created = this.http.send(HttpRequest.newBuilder(uri(this.node2,
				"/api/reports/" + report.id() + "/links"))
			.header("Authorization", basic("finance"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		String minted = created.headers().firstValue("Location").orElseThrow();
		// the link names the public base URL; open it on node1's port
		String onNode1 = "http://localhost:" + port(this.node1) + minted.substring(minted.indexOf("/public/"));
		HttpResponse<byte[]> opened = this.http.send(HttpRequest.newBuilder(URI.create(onNode1)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(opened.statusCode()).isEqualTo(200);
		assertThat(sha256(opened.body())).isEqualTo(report.sha256());

		HttpResponse<String> forged = this.http.send(
				HttpRequest.newBuilder(URI.create(onNode1.replaceAll("signature=[0-9a-f]{4}", "signature=0000"))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(forged.statusCode()).as("a bad signature is still refused").isEqualTo(403);
	}

	@Test
	void a_node_with_another_key_than_the_one_that_signed_existing_links_refuses_to_start_and_says_which_setting()
			throws IOException {
		List<String> otherLinkKey = new ArrayList<>(sharedKeys());
		otherLinkKey.set(0, "--treasury.reports.link-secret=another-link-key-0123456789abcdef01234");
		assertThatThrownBy(() -> node(this.url, "node3", home("node3"), "node3", WebApplicationType.NONE, otherLinkKey))
			.rootCause()
			.hasMessageContaining("This node's report-link-key is not the key that signed the links and tokens"
					+ " already issued")
			.hasMessageContaining("set treasury.reports.link-secret (TREASURY_REPORTS_LINK_SECRET) on this node");

		// the embedded default: keys generated once under this node's own TREASURY_HOME, not the others'
		assertThatThrownBy(() -> node(this.url, "node4", home("node4"), "node4", WebApplicationType.NONE, List.of()))
			.rootCause()
			.hasMessageContaining("is not the key that signed the links and tokens already issued")
			.hasMessageContaining("a key generated under TREASURY_HOME is not shared with other nodes");

		List<String> otherUnsubscribeKey = new ArrayList<>(sharedKeys());
		otherUnsubscribeKey.set(1, "--treasury.mail.unsubscribe-secret=another-unsubscribe-key-0123456789abcdef");
		assertThatThrownBy(() -> node(this.url, "node5", home("node5"), "node5", WebApplicationType.NONE, otherUnsubscribeKey))
			.rootCause()
			.hasMessageContaining("This node's unsubscribe-key is not the key")
			.hasMessageContaining("TREASURY_MAIL_UNSUBSCRIBE_SECRET");
	}

	@Test
	void report_files_a_node_kept_under_its_treasury_home_move_to_the_database_when_it_starts() throws Exception {
		StoredReport report = generate(this.node1, "2026-02");
		byte[] bytes = read(this.node1, report);
		// as before shared storage: the file only under node6's TREASURY_HOME/reports, not in the database
		Path home = home("node6");
		Path kept = home.resolve("reports").resolve(report.path());
		Files.createDirectories(kept.getParent());
		Files.write(kept, bytes);
		this.node1.getBean(ContentStore.class).delete(report.sha256());
		assertThatThrownBy(() -> read(this.node2, report)).isInstanceOf(NoSuchFileException.class);

		try (ConfigurableApplicationContext node6 = node(this.url, "node6", home, "node6", WebApplicationType.NONE,
				sharedKeys())) {
			assertThat(sha256(read(this.node2, report))).as("node6 moved it at start").isEqualTo(report.sha256());
			assertThat(node6.getBean(ReportStorage.class).importLocalFiles()).as("moved once").isZero();
		}
		assertThat(owner().queryForObject("SELECT count(*) FROM stored_contents WHERE sha256 = ?", Long.class,
				report.sha256())).isOne();
	}

	private StoredReport generate(ConfigurableApplicationContext node, String period) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = TreasuryCli.execute(node, new String[] { "reports", "generate", "ledger-export", period },
				new PrintWriter(out, true), new PrintWriter(err, true));
		assertThat(exit).as(out + "\n" + err).isZero();
		List<StoredReport> found = node.getBean(Reports.class).list("ledger-export", period, 10);
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	private static byte[] read(ConfigurableApplicationContext node, StoredReport report) throws IOException {
		try (InputStream in = node.getBean(ReportDownloads.class).open(report.id(), FINANCE).content()) {
			return in.readAllBytes();
		}
	}

	private static List<String> sharedKeys() {
		return List.of("--treasury.reports.link-secret=" + LINK_KEY, "--treasury.mail.unsubscribe-secret="
				+ UNSUBSCRIBE_KEY, "--treasury.webhooks.passport.secret=" + PASSPORT_SECRET);
	}

	private static ConfigurableApplicationContext node(String url, String cluster, Path home, String instance,
			WebApplicationType web, List<String> keys) {
		List<String> args = new ArrayList<>();
		TestPostgres.properties(url).forEach((key, value) -> args.add("--" + key + "=" + value));
		args.add("--treasury.home=" + home);
		args.add("--server.port=0");
		// one Quartz cluster per database; in one JVM a scheduler name is also the key of Quartz's JVM-wide connection
		// provider, so nodes that are to fail or run alone get a name of their own (nodes are JVMs of their own in
		// production)
		args.add("--spring.quartz.scheduler-name=" + cluster);
		args.add("--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instance);
		args.add("--treasury.security.users-file=target/test-classes/test-users.properties");
		args.add("--treasury.actor=alice");
		args.add("--treasury.operations.shutdown-wait-seconds=2");
		args.addAll(keys);
		return new SpringApplicationBuilder(TreasuryBatchApplication.class).web(web).run(args.toArray(String[]::new));
	}

	private Path home(String name) throws IOException {
		return Files.createDirectories(homes.resolve(name));
	}

	private JdbcTemplate owner() {
		return owner(this.url);
	}

	private static JdbcTemplate owner(String url) {
		return new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(url,
				TestPostgres.OWNER, TestPostgres.OWNER));
	}

	private static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
	}

	private static URI uri(ConfigurableApplicationContext node, String path) {
		return URI.create("http://localhost:" + port(node) + path);
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8));
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
