package com.treasurybatch.jobs.retention;

import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Spring's SMTP sender pointed at {@link TestSmtp}, with two switches for failure tests: {@link #crashAfterSend}
 * throws an {@link Error} once the server has accepted the messages (the process dying between SMTP accept and
 * the database commit), {@link #serverDown} sends to a closed port (connection refused: a transient failure).
 */
class TestMailSender extends JavaMailSenderImpl {

	volatile boolean crashAfterSend;

	volatile boolean serverDown;

	TestMailSender() {
		setHost("127.0.0.1");
		setPort(TestSmtp.port());
		getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
		getJavaMailProperties().put("mail.smtp.timeout", "5000");
	}

	@Override
	protected void doSend(MimeMessage[] mimeMessages, Object[] originalMessages) throws MailException {
		setPort(this.serverDown ? 1 : TestSmtp.port());
		super.doSend(mimeMessages, originalMessages);
		if (this.crashAfterSend) {
			throw new SimulatedCrash();
		}
	}

	void reset() {
		this.crashAfterSend = false;
		this.serverDown = false;
	}

	/** The process "dies": an Error, which nothing in the job catches. */
	static final class SimulatedCrash extends Error {

		SimulatedCrash() {
			super("simulated crash after the SMTP server accepted the messages");
		}

	}

}
