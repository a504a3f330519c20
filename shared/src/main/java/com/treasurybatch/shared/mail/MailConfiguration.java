package com.treasurybatch.shared.mail;

import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.util.StringUtils;

import com.treasurybatch.shared.secrets.SharedKeys;

/**
 * The mail sender of the embedded default: with no {@code spring.mail.host} (and no JNDI session), a plain
 * {@link JavaMailSender} bean writing {@code .eml} files under {@code TREASURY_HOME/mail}
 * ({@code treasury.home}, default {@code ./var}). With a host, this configuration adds nothing and Boot's own
 * SMTP sender is the bean. Any job or alert channel injects {@link JavaMailSender} and works with either.
 */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

	/** The directory under TREASURY_HOME holding written emails. */
	public static final String MAIL_DIRECTORY = "mail";

	/** The unsubscribe key's name among the shared keys (its fingerprint is checked at start-up). */
	public static final String UNSUBSCRIBE_KEY = "unsubscribe-key";

	@Bean
	@Conditional(NoSmtpHost.class)
	EmlFileMailSender emlFileMailSender(Environment environment) {
		Path home = Path.of(environment.getProperty("treasury.home", "./var")).toAbsolutePath().normalize();
		return new EmlFileMailSender(home.resolve(MAIL_DIRECTORY));
	}

	@Bean
	UnsubscribeTokens unsubscribeTokens(MailProperties properties, Environment environment,
			ObjectProvider<SharedKeys> sharedKeys) {
		UnsubscribeTokens tokens = UnsubscribeTokens.fromSettings(properties.unsubscribeSecret(),
				Path.of(environment.getProperty("treasury.home", "./var")).toAbsolutePath().normalize());
		sharedKeys.ifAvailable((keys) -> keys.verify(UNSUBSCRIBE_KEY,
				"treasury.mail.unsubscribe-secret (TREASURY_MAIL_UNSUBSCRIBE_SECRET)", List.of(tokens.key())));
		return tokens;
	}

	/** Matches when neither {@code spring.mail.host} nor {@code spring.mail.jndi-name} is set. */
	static final class NoSmtpHost implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("spring.mail.host"))
					&& !StringUtils.hasText(context.getEnvironment().getProperty("spring.mail.jndi-name"));
		}

	}

}
