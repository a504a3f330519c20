package com.treasurybatch.jobs.retention;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.inventory.TicketHolds;
import com.treasurybatch.shared.mail.UnsubscribeTokens;
import com.treasurybatch.shared.retention.Unsubscribes;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abandoned checkouts recovered by email, end to end on a real PostgreSQL and a real SMTP server (GreenMail):
 * Stripe events staged in the inbox, inbox-processing applies them, retention-emails sends what is due. Tests
 * share one database and SMTP server: each uses its own buyers and items.
 */
@SpringBootTest(properties = { "treasury.retention.chunk-size=2", "treasury.mail.public-base-url=https://pay.example.com",
		"treasury.mail.unsubscribe-secret=test-secret-of-at-least-thirty-two-bytes!" })
@PostgresTest
@Import(RetentionTestConfiguration.class)
class RetentionEmailsJobTests {

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(RetentionEmailsJobConfiguration.JOB_NAME)
	Job retentionEmails;

	@Autowired
	@Qualifier("inbox-processing")
	Job inboxProcessing;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	TestMailSender mailSender;

	@Autowired
	UnsubscribeTokens tokens;

	@Autowired
	Unsubscribes unsubscribes;

	@Autowired
	TicketHolds holds;

	@Autowired
	Alerts alerts;

	private StripeCheckoutEvents stripe;

	private String prefix;

	private Instant expiry;

	@BeforeEach
	void setUp(TestInfo test) {
		this.mailSender.reset();
		this.prefix = "R" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
		this.stripe = new StripeCheckoutEvents(this.jdbc, this.prefix);
		this.expiry = Instant.parse("2026-12-01T10:00:00Z");
		this.clock.set(this.expiry.plusSeconds(30));
	}

	@Test
	void an_abandoned_checkout_gets_the_1h_24h_72h_emails_in_order_once_each_with_one_click_unsubscribe_headers()
			throws Exception {
		String email = this.prefix + "@buyer.example";
		var checkout = this.stripe.checkout(email, "DE", "opt_in", this.prefix + "-ticket", null);
		this.stripe.expired(checkout, this.expiry);
		this.stripe.expired(checkout, this.expiry.plusSeconds(1));
		processInbox();

		assertThat(draftStatus(checkout.draftOrder())).isEqualTo("EXPIRED");
		assertThat(tasks(checkout.draftOrder())).as("a redelivered expiry schedules nothing twice")
			.containsExactly("SCHEDULED", "SCHEDULED", "SCHEDULED");
		assertThat(this.jdbc.queryForObject("""
				SELECT basis FROM marketing_consents m JOIN contacts c ON c.id = m.contact_id WHERE c.email = ?
				""", String.class, email)).isEqualTo("consent");

		assertThat(sendDue().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(TestSmtp.receivedBy(email)).as("nothing is due before the first hour").isEmpty();

		this.clock.set(this.expiry.plus(Duration.ofHours(1)));
		sendDue();
		sendDue();
		List<MimeMessage> first = TestSmtp.receivedBy(email);
		assertThat(first).hasSize(1);
		MimeMessage message = first.get(0);
		assertThat(message.getSubject()).isEqualTo("You left " + checkout.itemId() + " in your basket");
		String[] listUnsubscribe = message.getHeader("List-Unsubscribe");
		assertThat(listUnsubscribe).hasSize(1);
		assertThat(listUnsubscribe[0]).startsWith("<https://pay.example.com/unsubscribe/").endsWith(">");
		assertThat(message.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
		assertThat(message.getMessageID()).isEqualTo("<abandoned_checkout-" + checkout.draftOrder() + "-1@treasury-batch>");
		Map<String, String> parts = parts(message);
		assertThat(parts.get("text/plain")).contains("Hello Alex Buyer,")
			.contains("90.00 EUR")
			.contains("https://buy.stripe.com/r/live_" + checkout.sessionId());
		assertThat(parts.get("text/html")).contains("href=\"https://buy.stripe.com/r/live_" + checkout.sessionId())
			.contains("Unsubscribe");
		String token = listUnsubscribe[0].substring(listUnsubscribe[0].lastIndexOf('/') + 1,
				listUnsubscribe[0].length() - 1);
		assertThat(this.tokens.verify(token)).hasValueSatisfying((unsubscribe) -> assertThat(unsubscribe.list())
			.isEqualTo("marketing"));

		this.clock.set(this.expiry.plus(Duration.ofHours(24)));
		sendDue();
		this.clock.set(this.expiry.plus(Duration.ofHours(72)));
		sendDue();
		sendDue();

		assertThat(TestSmtp.receivedBy(email)).extracting(MimeMessage::getSubject)
			.containsExactly("You left " + checkout.itemId() + " in your basket",
					"Still thinking about " + checkout.itemId() + "?", "Last reminder: " + checkout.itemId());
		assertThat(tasks(checkout.draftOrder())).containsExactly("SENT", "SENT", "SENT");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM email_outbox WHERE outbox_key LIKE ? AND status = 'SENT'", Long.class,
				"abandoned_checkout:" + checkout.draftOrder() + ":%"))
			.isEqualTo(3);
	}

	@Test
	void completing_the_order_after_the_first_email_cancels_the_rest_and_counts_as_recovered() throws Exception {
		String email = this.prefix + "@buyer.example";
		String type = ticketType();
		long hold = this.holds.hold(type, "ct_" + this.prefix + "buyer", 2).orElseThrow();
		var checkout = this.stripe.checkout(email, "US", null, type, hold);
		this.stripe.expired(checkout, this.expiry);
		processInbox();
		assertThat(tasks(checkout.draftOrder())).as("outside the EU/UK: legitimate interest")
			.containsExactly("SCHEDULED", "SCHEDULED", "SCHEDULED");
		this.clock.set(this.expiry.plus(Duration.ofHours(1)));
		sendDue();
		assertThat(TestSmtp.receivedBy(email)).hasSize(1);

		this.clock.set(this.expiry.plus(Duration.ofHours(2)));
		this.stripe.completed(checkout, 9000, this.expiry.plus(Duration.ofHours(2)));
		processInbox();

		assertThat(draftStatus(checkout.draftOrder())).isEqualTo("COMPLETED");
		assertThat(tasks(checkout.draftOrder())).containsExactly("SENT", "CANCELLED", "CANCELLED");
		assertThat(this.jdbc.queryForObject("SELECT status FROM ticket_holds WHERE id = ?", String.class, hold))
			.isEqualTo("CONVERTED");
		assertThat(this.jdbc.queryForObject("SELECT quantity_sold FROM ticket_types WHERE id = ?", Integer.class,
				type))
			.isEqualTo(2);
		this.clock.set(this.expiry.plus(Duration.ofHours(80)));
		sendDue();
		assertThat(TestSmtp.receivedBy(email)).hasSize(1);
		Map<String, Object> day = this.jdbc.queryForMap(
				"SELECT * FROM retention_daily WHERE day = (SELECT (created_at AT TIME ZONE 'UTC')::date FROM draft_orders WHERE id = ?)",
				checkout.draftOrder());
		assertThat(((Number) day.get("checkouts_recovered")).longValue()).isPositive();
		assertThat(((Number) day.get("checkouts_abandoned")).longValue()).isPositive();
	}

	@Test
	void unsubscribing_cancels_the_rest_and_no_consent_schedules_nothing() throws Exception {
		String email = this.prefix + "@buyer.example";
		var checkout = this.stripe.checkout(email, "FR", "opt_in", this.prefix + "-ticket", null);
		String refusing = this.prefix + "-refusing@buyer.example";
		var silentEu = this.stripe.checkout(refusing, "GB", null, this.prefix + "-ticket", null);
		this.stripe.expired(checkout, this.expiry);
		this.stripe.expired(silentEu, this.expiry);
		processInbox();
		assertThat(tasks(silentEu.draftOrder())).as("a UK buyer who never opted in gets no marketing email").isEmpty();
		this.clock.set(this.expiry.plus(Duration.ofHours(1)));
		sendDue();
		String header = TestSmtp.receivedBy(email).get(0).getHeader("List-Unsubscribe")[0];
		String token = header.substring(header.lastIndexOf('/') + 1, header.length() - 1);

		var unsubscribe = this.tokens.verify(token).orElseThrow();
		assertThat(this.unsubscribes.unsubscribe(unsubscribe.contactId(), unsubscribe.list(), "one-click")).isEqualTo(2);

		assertThat(tasks(checkout.draftOrder())).containsExactly("SENT", "CANCELLED", "CANCELLED");
		this.clock.set(this.expiry.plus(Duration.ofHours(80)));
		sendDue();
		assertThat(TestSmtp.receivedBy(email)).hasSize(1);
		assertThat(TestSmtp.receivedBy(refusing)).isEmpty();
	}

	@Test
	void a_crash_after_the_smtp_server_accepted_then_a_restart_sends_nothing_twice_and_shows_unknown()
			throws Exception {
		String email = this.prefix + "@buyer.example";
		var checkout = this.stripe.checkout(email, "US", "opt_in", this.prefix + "-ticket", null);
		this.stripe.expired(checkout, this.expiry);
		processInbox();
		this.clock.set(this.expiry.plus(Duration.ofHours(1)));
		this.mailSender.crashAfterSend = true;

		JobExecution crashed = sendDue();

		assertThat(crashed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(TestSmtp.receivedBy(email)).hasSize(1);
		assertThat(outbox(checkout.draftOrder(), 1)).isEqualTo("SENDING");

		this.mailSender.crashAfterSend = false;
		JobExecution restarted = this.jobOperator.restart(crashed);
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(TestSmtp.receivedBy(email)).as("a row SENDING is never claimed again").hasSize(1);

		this.clock.advance(Duration.ofMinutes(11));
		assertThat(sendDue().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(outbox(checkout.draftOrder(), 1)).isEqualTo("UNKNOWN");
		assertThat(tasks(checkout.draftOrder())).startsWith("UNKNOWN");
		assertThat(TestSmtp.receivedBy(email)).hasSize(1);
		assertThat(this.alerts.open(1000)).anySatisfy((alert) -> assertThat(alert.message())
			.contains("abandoned_checkout:" + checkout.draftOrder() + ":1")
			.contains("will not be resent"));
	}

	@Test
	void a_transient_smtp_failure_is_retried_after_a_backoff_and_sent_once() throws Exception {
		String email = this.prefix + "@buyer.example";
		var checkout = this.stripe.checkout(email, "US", "opt_in", this.prefix + "-ticket", null);
		this.stripe.expired(checkout, this.expiry);
		processInbox();
		this.clock.set(this.expiry.plus(Duration.ofHours(1)));
		this.mailSender.serverDown = true;

		assertThat(sendDue().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(outbox(checkout.draftOrder(), 1)).isEqualTo("RETRY");
		assertThat(this.jdbc.queryForObject("SELECT due_at FROM retention_tasks WHERE subject = ? AND step = 1",
				Timestamp.class, checkout.draftOrder())
			.toInstant()).isEqualTo(this.expiry.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(5)));
		this.mailSender.serverDown = false;
		sendDue();
		assertThat(TestSmtp.receivedBy(email)).as("not before the backoff").isEmpty();

		this.clock.advance(Duration.ofMinutes(5));
		sendDue();
		sendDue();

		assertThat(TestSmtp.receivedBy(email)).hasSize(1);
		assertThat(outbox(checkout.draftOrder(), 1)).isEqualTo("SENT");
		assertThat(this.jdbc.queryForObject("SELECT attempts FROM email_outbox WHERE outbox_key = ?", Integer.class,
				"abandoned_checkout:" + checkout.draftOrder() + ":1"))
			.isEqualTo(2);
	}

	@Test
	void requirements_due_and_a_failed_payment_send_their_service_emails() throws Exception {
		String payee = this.prefix + "-payee@host.example";
		String buyer = this.prefix + "-card@buyer.example";
		this.stripe.accountRequirementsDue("acct_1" + this.prefix, payee, List.of("external_account"), this.expiry);
		this.stripe.paymentFailed(buyer, 4500, this.expiry);
		processInbox();
		sendDue();

		assertThat(TestSmtp.receivedBy(payee)).extracting(MimeMessage::getSubject)
			.containsExactly("Action needed: finish your payout account");
		assertThat(TestSmtp.receivedBy(payee).get(0).getHeader("List-Unsubscribe")).as("a service email").isNull();
		assertThat(TestSmtp.receivedBy(buyer)).extracting(MimeMessage::getSubject)
			.containsExactly("Your payment did not go through");
	}

	private JobExecution sendDue() throws Exception {
		return this.jobOperator.startNextInstance(this.retentionEmails);
	}

	private void processInbox() throws Exception {
		assertThat(this.jobOperator.startNextInstance(this.inboxProcessing).getStatus())
			.isEqualTo(BatchStatus.COMPLETED);
	}

	private List<String> tasks(String draftOrder) {
		return this.jdbc.queryForList(
				"SELECT status FROM retention_tasks WHERE kind = 'abandoned_checkout' AND subject = ? ORDER BY step",
				String.class, draftOrder);
	}

	private String outbox(String draftOrder, int step) {
		return this.jdbc.queryForObject("SELECT status FROM email_outbox WHERE outbox_key = ?", String.class,
				"abandoned_checkout:" + draftOrder + ":" + step);
	}

	private String draftStatus(String draftOrder) {
		return this.jdbc.queryForObject("SELECT status FROM draft_orders WHERE id = ?", String.class, draftOrder);
	}

	private String ticketType() {
		String event = this.prefix + "-event";
		this.jdbc.update("INSERT INTO ticketed_events (id, title, starts_at) VALUES (?, 'Show', ?)", event,
				Timestamp.from(Instant.parse("2027-01-15T19:00:00Z")));
		this.jdbc.update("""
				INSERT INTO ticket_types (id, event_id, name, price, currency, quantity_total, sale_starts_at, sale_ends_at)
				VALUES (?, ?, 'Floor', 4500, 'eur', 50, ?, ?)
				""", this.prefix + "-floor", event, Timestamp.from(Instant.parse("2026-11-01T00:00:00Z")),
				Timestamp.from(Instant.parse("2027-01-15T18:00:00Z")));
		return this.prefix + "-floor";
	}

	private static Map<String, String> parts(MimeMessage message) throws MessagingException, IOException {
		Map<String, String> parts = new java.util.HashMap<>();
		collect(message.getContent(), parts);
		return parts;
	}

	private static void collect(Object content, Map<String, String> parts) throws MessagingException, IOException {
		if (content instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				var part = multipart.getBodyPart(i);
				if (part.getContent() instanceof Multipart) {
					collect(part.getContent(), parts);
				}
				else {
					parts.put(part.getContentType().split(";")[0].trim().toLowerCase(), String.valueOf(part.getContent()));
				}
			}
		}
	}

}
