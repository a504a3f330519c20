package com.treasurybatch.jobs.retention;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * One in-process SMTP server (GreenMail) for the test JVM, on a free loopback port. Tests share it: each reads
 * only what was sent to its own recipients.
 */
final class TestSmtp {

	private static final GreenMail SERVER = start();

	private TestSmtp() {
	}

	private static GreenMail start() {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		return server;
	}

	/** @return the SMTP port */
	static int port() {
		return SERVER.getSmtp().getPort();
	}

	/** @return the server */
	static GreenMail server() {
		return SERVER;
	}

	/**
	 * @param recipient an address
	 * @return the messages received for it, in arrival order
	 */
	static List<MimeMessage> receivedBy(String recipient) {
		return Arrays.stream(SERVER.getReceivedMessages()).filter((message) -> isFor(message, recipient)).toList();
	}

	private static boolean isFor(MimeMessage message, String recipient) {
		try {
			Address[] to = message.getAllRecipients();
			return to != null && Arrays.stream(to).anyMatch((address) -> address.toString().contains(recipient));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
