package com.treasurybatch.shared.alerts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Alerts by email to the ops list, through the application's {@link JavaMailSender} (Spring Mail: SMTP when
 * {@code spring.mail.host} is set; the embedded default may write {@code .eml} files instead). Off when no
 * recipient or no sender is configured.
 */
public class EmailAlertChannel implements AlertChannel {

	private final ObjectProvider<JavaMailSender> mail;

	private final AlertRoutingProperties properties;

	/**
	 * @param mail the mail sender, if the application has one
	 * @param properties recipients, sender, severities
	 */
	public EmailAlertChannel(ObjectProvider<JavaMailSender> mail, AlertRoutingProperties properties) {
		this.mail = mail;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "email";
	}

	@Override
	public boolean routes(Severity severity) {
		return !this.properties.emailTo().isEmpty() && this.properties.emailSeverities().contains(severity)
				&& this.mail.getIfAvailable() != null;
	}

	@Override
	public void send(Alert alert) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.properties.emailFrom());
		message.setTo(this.properties.emailTo().toArray(String[]::new));
		message.setSubject(AlertText.subject(alert));
		message.setText(AlertText.body(alert));
		try {
			this.mail.getObject().send(message);
		}
		catch (MailException ex) {
			throw new AlertDeliveryException("Email of alert " + alert.id() + " failed: " + ex.getMessage(), ex);
		}
	}

}
