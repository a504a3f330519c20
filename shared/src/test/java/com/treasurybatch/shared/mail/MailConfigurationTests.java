package com.treasurybatch.shared.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail sender of each setup: no SMTP host, one {@link JavaMailSender} writing .eml files under
 * TREASURY_HOME/mail; a host, Boot's SMTP sender and no file writer. Unsubscribe tokens verify only unaltered.
 */
class MailConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
		.withUserConfiguration(WithMail.class);

	@TempDir
	Path home;

	@Test
	void without_an_smtp_host_every_email_is_written_as_an_eml_file_under_treasury_home(@TempDir Path home) {
		this.runner.withPropertyValues("treasury.home=" + home).run((context) -> {
			assertThat(context).hasSingleBean(JavaMailSender.class);
			JavaMailSender sender = context.getBean(JavaMailSender.class);
			assertThat(sender).isInstanceOf(EmlFileMailSender.class);
			SimpleMailMessage message = new SimpleMailMessage();
			message.setFrom("no-reply@tickets.example");
			message.setTo("buyer@example.com");
			message.setSubject("Your tickets");
			message.setText("See you at the show.");
			sender.send(message);
			MimeMessage mime = sender.createMimeMessage();
			mime.setFrom("no-reply@tickets.example");
			mime.setRecipients(jakarta.mail.Message.RecipientType.TO, "other@example.com");
			mime.setSubject("Second");
			mime.setText("Body");
			sender.send(mime);

			List<Path> files;
			try (var listing = Files.list(home.resolve("mail"))) {
				files = listing.sorted().toList();
			}
			assertThat(files).hasSize(2).allMatch((file) -> file.toString().endsWith(".eml"));
			String first = Files.readString(files.get(0));
			assertThat(first).contains("To: buyer@example.com").contains("Subject: Your tickets")
				.contains("See you at the show.");
		});
	}

	@Test
	void with_an_smtp_host_boot_sends_over_smtp_and_no_file_is_written() {
		this.runner.withPropertyValues("treasury.home=" + this.home, "spring.mail.host=smtp.example.com",
				"spring.mail.port=2525").run((context) -> {
					assertThat(context).hasSingleBean(JavaMailSender.class);
					assertThat(context).doesNotHaveBean(EmlFileMailSender.class);
					JavaMailSenderImpl sender = (JavaMailSenderImpl) context.getBean(JavaMailSender.class);
					assertThat(sender.getHost()).isEqualTo("smtp.example.com");
					assertThat(sender.getPort()).isEqualTo(2525);
				});
	}

	@Test
	void an_unsubscribe_token_verifies_only_as_signed(@TempDir Path home) {
		UnsubscribeTokens tokens = UnsubscribeTokens.fromSettings("", home);
		String token = tokens.sign("ct_abc123def", "marketing");

		assertThat(tokens.verify(token)).contains(new UnsubscribeTokens.Unsubscribe("ct_abc123def", "marketing"));
		assertThat(UnsubscribeTokens.fromSettings("", home).verify(token)).as("the generated key is kept")
			.isPresent();
		String otherContact = tokens.sign("ct_zzz999zzz", "marketing");
		String forged = otherContact.substring(0, otherContact.indexOf('.')) + token.substring(token.indexOf('.'));
		assertThat(tokens.verify(forged)).isEmpty();
		assertThat(tokens.verify("garbage")).isEmpty();
		assertThat(new UnsubscribeTokens("another-key-of-at-least-thirty-two-bytes".getBytes()).verify(token))
			.isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MailProperties.class)
	@Import(MailConfiguration.class)
	static class WithMail {

	}

}
