package com.treasurybatch.shared.mail;

import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

import org.springframework.mail.MailSendException;

import static org.assertj.core.api.Assertions.assertThat;

/** SMTP replies as Angus Mail reports them: 5yz permanent with the server's words, 4yz and no reply transient. */
class SmtpFailureTests {

	@Test
	void a_5yz_rejection_is_permanent_and_keeps_the_servers_reply() throws Exception {
		MessagingException rejected = new SendFailedWith(new SMTPAddressFailedException(
				new InternetAddress("gone@example.com"), "RCPT TO:<gone@example.com>", 550,
				"550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown"));

		SmtpFailure failure = SmtpFailure.of(new MailSendException(Map.of("message", rejected)));

		assertThat(failure.permanent()).isTrue();
		assertThat(failure.reply()).isEqualTo("550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown");
	}

	@Test
	void a_4yz_reply_or_a_refused_connection_is_transient() {
		SmtpFailure greylisted = SmtpFailure.of(new MailSendException("send failed", new SMTPSendFailedException(
				"DATA", 451, "451 4.7.1 Greylisted, try again later", null, null, null, null)));
		SmtpFailure down = SmtpFailure.of(new MailSendException("Mail server connection failed",
				new MessagingException("Couldn't connect to host, port: 127.0.0.1, 1; timeout -1")));

		assertThat(greylisted.permanent()).isFalse();
		assertThat(greylisted.reply()).startsWith("451 4.7.1 Greylisted");
		assertThat(down.permanent()).isFalse();
		assertThat(down.reply()).contains("Couldn't connect");
	}

	/** What Angus Mail's transport throws for a message whose recipients were refused. */
	private static final class SendFailedWith extends jakarta.mail.SendFailedException {

		SendFailedWith(Exception next) {
			super("Invalid Addresses", next);
		}

	}

}
