package com.treasurybatch.shared.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Mail settings, under {@code treasury.mail} (environment {@code TREASURY_MAIL_FROM}, ...). The SMTP server
 * itself is Boot's {@code spring.mail.*} ({@code SPRING_MAIL_HOST}, {@code SPRING_MAIL_PORT}, ...).
 *
 * @param from the From of every email, RFC 5322 mailbox, e.g. {@code Tickets <no-reply@tickets.example.com>}
 * @param publicBaseUrl where buyers reach this server's public pages (unsubscribe links), no trailing slash
 * @param unsubscribeSecret HMAC-SHA256 key of unsubscribe tokens; blank: generated once into
 * {@code TREASURY_HOME/mail-unsubscribe-secret}
 */
@ConfigurationProperties("treasury.mail")
public record MailProperties(@DefaultValue("Treasury Tickets <no-reply@localhost>") String from,
		@DefaultValue("http://localhost:8080") String publicBaseUrl, @DefaultValue("") String unsubscribeSecret) {

	/**
	 * Drops a trailing slash of the base URL.
	 * @throws IllegalArgumentException if the base URL is not http(s)
	 */
	public MailProperties {
		if (!publicBaseUrl.startsWith("http://") && !publicBaseUrl.startsWith("https://")) {
			throw new IllegalArgumentException("treasury.mail.public-base-url must be an http(s) URL, got "
					+ publicBaseUrl);
		}
		while (publicBaseUrl.endsWith("/")) {
			publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
		}
	}

}
