package com.treasurybatch.jobs.retention;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.MimeMessageHelper;

import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.retention.RetentionEmailProperties;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * retention-emails throughput: {@value #TASKS_DEFAULT} due abandoned-checkout tasks sent to the in-process SMTP
 * server (GreenMail) by the job, exactly once each (claim committed, send, record), against a baseline sending the
 * same number of similar messages straight through {@code JavaMailSender} in batches of the same size, no
 * database, run before and after the job (the faster counts, so that JIT warm-up and a busy machine do not
 * flatter the ratio). Emails/s of both and the ratio are printed.
 *
 * <p>{@code ./mvnw -Pbench -pl jobs -am verify -Dtest=RetentionEmailsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.tasks=N} for another size).
 */
@Tag("benchmark")
@SpringBootTest(properties = { "treasury.mail.unsubscribe-secret=benchmark-secret-of-at-least-thirty-two-bytes" })
@PostgresTest
@Import(RetentionTestConfiguration.class)
class RetentionEmailsBenchmark {

	static final int TASKS_DEFAULT = 50_000;

	private static final int TASKS = Integer.getInteger("bench.tasks", TASKS_DEFAULT);

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(RetentionEmailsJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TestMailSender sender;

	@Autowired
	RetentionEmailProperties properties;

	@Autowired
	MutableClock clock;

	@Test
	void sendsDueTasksExactlyOnce() throws Exception {
		Instant now = this.clock.instant();
		seed(now);
		Duration baselineBefore = baseline();

		long jobStart = System.nanoTime();
		JobExecution execution = this.jobOperator.startNextInstance(this.job);
		Duration jobTime = Duration.ofNanos(System.nanoTime() - jobStart);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM email_outbox WHERE status = 'SENT'", Long.class))
			.isEqualTo(TASKS);
		assertThat(TestSmtp.server().getReceivedMessages()).hasSize(TASKS);
		TestSmtp.server().purgeEmailFromAllMailboxes();
		Duration baselineAfter = baseline();
		Duration baseline = (baselineBefore.compareTo(baselineAfter) < 0) ? baselineBefore : baselineAfter;
		int batch = this.properties.chunkSize();

		long jobRate = TASKS * 1000L / Math.max(1, jobTime.toMillis());
		long baselineRate = TASKS * 1000L / Math.max(1, baseline.toMillis());
		System.out.printf("%nretention-emails benchmark, %d due tasks to GreenMail (chunk size %d)%n", TASKS, batch);
		System.out.printf("  job:      %6d ms  %6d emails/s (claim committed, send, record: exactly once)%n",
				jobTime.toMillis(), jobRate);
		System.out.printf("  baseline: %6d ms  %6d emails/s (JavaMailSender.send of the same batches, no database)%n",
				baseline.toMillis(), baselineRate);
		System.out.printf("  ratio job/baseline emails/s: %.2f%n%n", (double) jobRate / baselineRate);
	}

	private Duration baseline() throws Exception {
		TestSmtp.server().purgeEmailFromAllMailboxes();
		int batch = this.properties.chunkSize();
		long baselineStart = System.nanoTime();
		List<MimeMessage> messages = new ArrayList<>(batch);
		for (int i = 0; i < TASKS; i++) {
			MimeMessage message = this.sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
			helper.setFrom("Treasury Tickets <no-reply@localhost>");
			helper.setTo("bench" + i + "@buyer.example");
			helper.setSubject("You left bench-item in your basket");
			helper.setText("Hello,\n\nYou started buying bench-item but did not finish.\n",
					"<!DOCTYPE html><html><body><p>Hello,</p><p>You started buying bench-item.</p></body></html>");
			message.setHeader("List-Unsubscribe", "<https://pay.example.com/unsubscribe/token" + i + ">");
			message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
			messages.add(message);
			if (messages.size() == batch || i == TASKS - 1) {
				this.sender.send(messages.toArray(MimeMessage[]::new));
				messages.clear();
			}
		}
		Duration baseline = Duration.ofNanos(System.nanoTime() - baselineStart);
		assertThat(TestSmtp.server().getReceivedMessages()).hasSize(TASKS);
		TestSmtp.server().purgeEmailFromAllMailboxes();
		return baseline;
	}

	private void seed(Instant now) {
		Timestamp created = Timestamp.from(now.minus(Duration.ofHours(2)));
		this.jdbc.update("""
				INSERT INTO contacts (id, email, name, country, created_at, updated_at)
				SELECT 'ct_bench' || lpad(g::text, 8, '0'), 'bench' || g || '@buyer.example', 'Buyer ' || g, 'US', ?, ?
				FROM generate_series(1, ?) g
				""", created, created, TASKS);
		this.jdbc.update("""
				INSERT INTO marketing_consents (contact_id, basis, promotions, country, source, recorded_at)
				SELECT 'ct_bench' || lpad(g::text, 8, '0'), 'legitimate_interest', NULL, 'US', 'cs_bench_' || g, ?
				FROM generate_series(1, ?) g
				""", created, TASKS);
		this.jdbc.update("""
				INSERT INTO draft_orders (id, buyer_id, item_type, item_id, checkout_session_id, amount_total, currency,
				    recovery_url, status, created_at, expired_at)
				SELECT 'do_bench' || g, 'ct_bench' || lpad(g::text, 8, '0'), 'ticket', 'bench-item', 'cs_bench_' || g, 4500,
				    'eur', 'https://tickets.example.com/checkout/recover/do_bench' || g, 'EXPIRED', ?, ?
				FROM generate_series(1, ?) g
				""", created, Timestamp.from(now.minus(Duration.ofHours(1))), TASKS);
		this.jdbc.update("""
				INSERT INTO retention_tasks (kind, subject, contact_id, step, due_at, status, created_at, updated_at)
				SELECT 'abandoned_checkout', 'do_bench' || g, 'ct_bench' || lpad(g::text, 8, '0'), 1, ?, 'SCHEDULED', ?, ?
				FROM generate_series(1, ?) g
				""", Timestamp.from(now.minus(Duration.ofMinutes(1))), created, created, TASKS);
		TestPostgres.ownerJdbc(this.jdbc.getDataSource()).execute("ANALYZE");
	}

}
