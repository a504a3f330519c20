package com.treasurybatch.shared.mail;

import jakarta.mail.MessagingException;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

/**
 * What an SMTP failure means for a retry (RFC 5321 section 4.2.1: 4yz transient, 5yz permanent).
 *
 * @param permanent true when the server rejected the message with a 5yz reply: sending it again cannot succeed
 * @param reply the server's reply or the failure's message, for the record (at most {@value #REPLY_LENGTH_MAX}
 * characters)
 */
public record SmtpFailure(boolean permanent, String reply) {

	/** Longest reply kept. */
	public static final int REPLY_LENGTH_MAX = 1000;

	/**
	 * Reads a failure of {@code JavaMailSender.send}. A reply code is looked for through the causes (Angus
	 * Mail's {@code SMTPSendFailedException}, {@code SMTPAddressFailedException}, ... carry it as
	 * {@code getReturnCode()}); without one (connection refused, timeout, authentication) the failure is
	 * transient.
	 * @param failure what send threw, or the failure recorded for one message of a {@code MailSendException}
	 * @return the classification
	 */
	public static SmtpFailure of(Exception failure) {
		Throwable cause = failure;
		if (failure instanceof MailSendException send && !send.getFailedMessages().isEmpty()) {
			cause = send.getFailedMessages().values().iterator().next();
		}
		int code = -1;
		String reply = null;
		Throwable root = cause;
		int depth = 0;
		for (Throwable t = cause; t != null && depth < 16; t = nextCause(t), depth++) {
			root = t;
			int found = returnCode(t);
			if (found > 0) {
				code = found;
				reply = t.getMessage();
				break;
			}
		}
		if (reply == null) {
			reply = String.valueOf(cause.getMessage());
			if (root != cause && root.getMessage() != null && !reply.contains(root.getMessage())) {
				reply = reply + ": " + root.getMessage();
			}
		}
		if (reply.length() > REPLY_LENGTH_MAX) {
			reply = reply.substring(0, REPLY_LENGTH_MAX);
		}
		boolean permanent = code >= 500 && code < 600 && !(failure instanceof MailAuthenticationException);
		return new SmtpFailure(permanent, (code > 0 && !reply.startsWith(String.valueOf(code))) ? code + " " + reply.strip() : reply.strip());
	}

	private static Throwable nextCause(Throwable t) {
		if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
			return messaging.getNextException();
		}
		Throwable cause = t.getCause();
		return (cause != t && cause != null) ? cause : null;
	}

	private static int returnCode(Throwable t) {
		try {
			Object code = t.getClass().getMethod("getReturnCode").invoke(t);
			return (code instanceof Integer value) ? value : -1;
		}
		catch (ReflectiveOperationException ex) {
			return -1;
		}
	}

}
