package com.treasurybatch.jobs.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.mail.SmtpFailure;
import com.treasurybatch.shared.retention.RetentionEmailProperties;

/**
 * One call sends one chunk of due retention emails, exactly once each:
 * <ol>
 * <li>claim (own transaction, committed): due tasks SENDING, one outbox row SENDING per (task, step);</li>
 * <li>send the chunk over one SMTP connection ({@code JavaMailSender.send(MimeMessage...)});</li>
 * <li>record (own transaction): accepted -> SENT; 5yz -> FAILED with the server's reply; anything else (4yz,
 * connection trouble) -> RETRY after a doubling backoff, FAILED after {@code attempts-max} sends.</li>
 * </ol>
 * A process that stops between 2 and 3 leaves its rows SENDING: never claimed again, turned UNKNOWN by the next
 * run after the lease ({@link MarkUnknownSendsTasklet}). Counts: write count = SENT, filter count = not sent.
 */
class SendRetentionEmailsTasklet implements Tasklet {

	private static final Log logger = LogFactory.getLog(SendRetentionEmailsTasklet.class);

	private final RetentionOutbox outbox;

	private final RetentionEmailContent content;

	private final JavaMailSender sender;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private final RetentionEmailProperties properties;

	private final RetentionMetrics metrics;

	private int lookedInRun;

	SendRetentionEmailsTasklet(RetentionOutbox outbox, RetentionEmailContent content, JavaMailSender sender,
			TransactionTemplate ownTransaction, Clock clock, RetentionEmailProperties properties,
			RetentionMetrics metrics) {
		this.outbox = outbox;
		this.content = content;
		this.sender = sender;
		this.ownTransaction = ownTransaction;
		this.clock = clock;
		this.properties = properties;
		this.metrics = metrics;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		int limit = Math.min(this.properties.chunkSize(), this.properties.tasksPerRunMax() - this.lookedInRun);
		if (limit <= 0) {
			return RepeatStatus.FINISHED;
		}
		RetentionOutbox.Claimed claimed = this.ownTransaction
			.execute((status) -> this.outbox.claim(this.clock.instant(), limit));
		this.lookedInRun += claimed.looked();
		List<DueEmail> emails = claimed.emails();
		if (!emails.isEmpty()) {
			send(emails, contribution);
		}
		return (claimed.looked() == limit) ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
	}

	private void send(List<DueEmail> emails, StepContribution contribution) {
		Map<MimeMessage, DueEmail> byMessage = new IdentityHashMap<>();
		Map<DueEmail, Exception> failures = new IdentityHashMap<>();
		List<MimeMessage> messages = new ArrayList<>();
		for (DueEmail email : emails) {
			try {
				MimeMessage message = this.content.build(this.sender, email);
				byMessage.put(message, email);
				messages.add(message);
			}
			catch (MessagingException | RuntimeException ex) {
				failures.put(email, new MailSendException("Cannot build email " + email.outboxKey(), ex));
			}
		}
		if (!messages.isEmpty()) {
			try {
				this.sender.send(messages.toArray(MimeMessage[]::new));
			}
			catch (MailSendException ex) {
				if (ex.getFailedMessages().isEmpty()) {
					messages.forEach((message) -> failures.put(byMessage.get(message), ex));
				}
				ex.getFailedMessages().forEach((message, failure) -> failures.put(byMessage.get(message), failure));
			}
			catch (MailException ex) {
				messages.forEach((message) -> failures.put(byMessage.get(message), ex));
			}
		}
		List<DueEmail> sent = emails.stream().filter((email) -> !failures.containsKey(email)).toList();
		this.ownTransaction.executeWithoutResult((status) -> {
			Instant now = this.clock.instant();
			if (!sent.isEmpty()) {
				this.outbox.sent(sent, now);
			}
			failures.forEach((email, failure) -> record(email, SmtpFailure.of(failure), now));
		});
		sent.forEach((email) -> this.metrics.emailSent(email.kind()));
		contribution.incrementWriteCount(sent.size());
		contribution.incrementFilterCount(failures.size());
	}

	private void record(DueEmail email, SmtpFailure failure, Instant now) {
		if (failure.permanent() || email.attempts() >= this.properties.attemptsMax()) {
			logger.warn("Email " + email.outboxKey() + " FAILED after " + email.attempts() + " attempt(s): "
					+ failure.reply());
			this.outbox.failed(email, failure.reply(), now);
			this.metrics.emailFailed(email.kind());
			return;
		}
		Instant next = now.plus(RetentionOutbox.backoff(this.properties.retryInitialBackoff(),
				this.properties.retryMaxBackoff(), email.attempts()));
		logger.info("Email " + email.outboxKey() + " will be retried at " + next + ": " + failure.reply());
		this.outbox.retry(email, failure.reply(), next, now);
		this.metrics.emailRetried(email.kind());
	}

}
