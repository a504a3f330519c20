package com.treasurybatch.shared.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A {@link org.springframework.mail.javamail.JavaMailSender} that talks to no server: each message is written,
 * exactly as it would go over SMTP (RFC 5322, MIME), to {@code <directory>/<millis>-<seq>.eml}. Used when no SMTP
 * host is configured (development, the embedded default); any mail client opens the files.
 *
 * <p>Each file is written under a temporary name and moved into place, so a reader never sees half a message.
 */
public class EmlFileMailSender extends JavaMailSenderImpl {

	private final Path directory;

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * @param directory where the files go; created on first send
	 */
	public EmlFileMailSender(Path directory) {
		this.directory = directory;
	}

	/** @return the directory the files are written to */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Writes each message to its own file.
	 * @throws MailSendException naming the messages that could not be written, and why
	 */
	@Override
	protected void doSend(MimeMessage[] mimeMessages, Object[] originalMessages) throws MailException {
		Map<Object, Exception> failed = new LinkedHashMap<>();
		for (int i = 0; i < mimeMessages.length; i++) {
			MimeMessage message = mimeMessages[i];
			try {
				write(message);
			}
			catch (IOException | MessagingException ex) {
				failed.put((originalMessages != null) ? originalMessages[i] : message, ex);
			}
		}
		if (!failed.isEmpty()) {
			throw new MailSendException("Cannot write .eml files under " + this.directory, null, failed);
		}
	}

	private void write(MimeMessage message) throws IOException, MessagingException {
		Files.createDirectories(this.directory);
		if (message.getSentDate() == null) {
			message.setSentDate(new java.util.Date());
		}
		message.saveChanges();
		String name = System.currentTimeMillis() + "-" + this.sequence.incrementAndGet();
		Path temporary = Files.createTempFile(this.directory, name, ".tmp");
		try (OutputStream out = Files.newOutputStream(temporary)) {
			message.writeTo(out);
		}
		Files.move(temporary, this.directory.resolve(name + ".eml"), StandardCopyOption.ATOMIC_MOVE);
	}

}
