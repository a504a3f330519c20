package com.treasurybatch.launcher.webhooks;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import com.treasurybatch.launcher.system.TreasuryHome;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code webhooks send} against a running server that has no configured secret: the server generates one under
 * {@code TREASURY_HOME}, and the command finds it there, as on a fresh machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.quartz.scheduler-name=webhook-send-command-tests")
@PostgresTest
class StripeWebhookSendCommandTests {

	static final Path home = temporaryDirectory();

	static final Path samples = Path.of("samples/stripe");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	final StringWriter out = new StringWriter();

	final StringWriter err = new StringWriter();

	@DynamicPropertySource
	static void treasuryHome(DynamicPropertyRegistry registry) {
		registry.add("treasury.home", home::toString);
	}

	@AfterAll
	static void removeHome() throws IOException {
		FileSystemUtils.deleteRecursively(home);
	}

	@BeforeEach
	void emptyInbox() {
		this.jdbc.update("DELETE FROM webhook_inbox");
	}

	@Test
	void server_without_a_configured_secret_generates_one_readable_by_its_owner_only() throws IOException {
		Path file = home.resolve(WebhookSecretFile.FILE_NAME);

		assertThat(Files.readString(file).strip()).matches("whsec_[A-Za-z0-9]{40}");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

	@Test
	void sending_the_samples_stores_each_once_and_sending_them_again_says_duplicate() {
		int first = run(Map.of(), "send", "--url", baseUrl(), samples.toString());

		assertThat(first).as(this.err.toString()).isZero();
		List<String> lines = this.out.toString().lines().toList();
		assertThat(lines).hasSize(7).allSatisfy((line) -> assertThat(line).matches("evt_\\w+  200  stored  \\(.*\\.json\\)"));
		assertThat(this.jdbc.queryForList("SELECT type FROM webhook_inbox ORDER BY type", String.class)).containsExactly(
				"account.updated", "account.updated", "checkout.session.completed", "checkout.session.completed",
				"checkout.session.completed", "checkout.session.completed", "customer.created");
		assertThat(this.jdbc.queryForList("SELECT DISTINCT api_version FROM webhook_inbox", String.class))
			.containsExactly("2026-04-22.dahlia");

		this.out.getBuffer().setLength(0);
		int second = run(Map.of(), "send", "--url", baseUrl(), samples.resolve("01-ticket-sale-split.json").toString());

		assertThat(second).isZero();
		assertThat(this.out.toString()).startsWith("evt_1TBDemoTicketSale0000001  200  duplicate  (");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox", Integer.class)).isEqualTo(7);
	}

	@Test
	void url_comes_from_treasury_url_and_a_rejected_file_makes_the_exit_code_non_zero() throws IOException {
		Path notAnEvent = Files.writeString(home.resolve("not-an-event.json"), "{\"object\":\"charge\"}");

		int exit = run(Map.of("TREASURY_URL", baseUrl() + "/"), "send", notAnEvent.toString(),
				samples.resolve("07-customer-created-unhandled.json").toString());

		assertThat(exit).isEqualTo(1);
		assertThat(this.out.toString().lines().toList()).containsExactly(
				"-  400  \"object\" is \"charge\", expected \"event\"  (" + notAnEvent + ")",
				"evt_1TBDemoCustomerCreated07  200  stored  (samples/stripe/07-customer-created-unhandled.json)");
	}

	@Test
	void secrets_from_the_environment_sign_with_one_v1_each() {
		String generated = WebhookSecretFile.read(new TreasuryHome(home)).orElseThrow();

		int exit = run(Map.of("STRIPE_WEBHOOK_SECRET", "whsec_some0other0endpoint," + generated), "send", "--url",
				baseUrl(), samples.resolve("05-account-updated-payouts-enabled.json").toString());

		assertThat(exit).as(this.out.toString()).isZero();
	}

	@Test
	void wrong_secret_is_reported_per_file() {
		int exit = run(Map.of("STRIPE_WEBHOOK_SECRET", "whsec_not0the0server0secret"), "send", "--url", baseUrl(),
				samples.resolve("05-account-updated-payouts-enabled.json").toString());

		assertThat(exit).isEqualTo(1);
		assertThat(this.out.toString()).startsWith("evt_1TBDemoAccountEnabled005  400  no v1 signature");
	}

	@Test
	void without_any_secret_nothing_is_sent() throws IOException {
		Path emptyHome = Files.createTempDirectory("empty-treasury-home");
		try {
			int exit = new CommandLine(new WebhooksCommand(Map.of(), () -> new TreasuryHome(emptyHome)))
				.setOut(new PrintWriter(this.out))
				.setErr(new PrintWriter(this.err))
				.execute("send", "--url", baseUrl(), samples.toString());

			assertThat(exit).isEqualTo(2);
			assertThat(this.err.toString()).contains("no signing secret: set STRIPE_WEBHOOK_SECRET");
			assertThat(this.out.toString()).isEmpty();
		}
		finally {
			FileSystemUtils.deleteRecursively(emptyHome);
		}
	}

	@Test
	void unreachable_server_is_reported_and_fails() {
		int exit = run(Map.of(), "send", "--url", "http://127.0.0.1:9", "--timeout-seconds", "2",
				samples.resolve("02-tip-sale-payee.json").toString());

		assertThat(exit).isEqualTo(1);
		assertThat(this.out.toString()).startsWith("evt_1TBDemoTipSale0000000002  -  not sent: ");
	}

	@Test
	void webhooks_without_a_subcommand_is_a_usage_error() {
		assertThat(run(Map.of())).isEqualTo(2);
		assertThat(this.err.toString()).contains("Missing required subcommand").contains("send");
	}

	private int run(Map<String, String> environment, String... args) {
		return new CommandLine(new WebhooksCommand(environment, () -> new TreasuryHome(home)))
			.setOut(new PrintWriter(this.out))
			.setErr(new PrintWriter(this.err))
			.execute(args);
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("treasury-home");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
