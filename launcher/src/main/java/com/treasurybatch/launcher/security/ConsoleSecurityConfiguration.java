package com.treasurybatch.launcher.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Web security of the operations console ({@code /console/**}, and the htmx script under
 * {@code /webjars/**}): form login against the same users file as the API, a session
 * cookie, CSRF tokens on every form, logout ({@code POST /console/logout}). A role's
 * refused page or action is a 403 page; the rules mirror the API's
 * ({@link ApiSecurityConfiguration}):
 * <ul>
 * <li>{@code /console/login}, {@code /console/assets/**}, {@code /webjars/**}: anyone;</li>
 * <li>every {@code POST} action (start, restart, stop, abandon, recover, schedules, inbox
 * replay, alert acknowledgement): OPS; a report share link: FINANCE;</li>
 * <li>{@code /console/money/reports} (list, {@code .csv}, download, share): FINANCE;
 * {@code /console/money/**}: FINANCE, AUDITOR;</li>
 * <li>{@code /console/audit}, {@code /console/inbox}, {@code /console/alerts} (pages, their
 * {@code .csv} and below): OPS, AUDITOR;</li>
 * <li>any other page under {@code /console}: OPS, AUDITOR, FINANCE.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleSecurityConfiguration {

	/** The login page (and the form's target). */
	static final String LOGIN = "/console/login";

	/** Before the API's chain, which refuses whatever it does not know. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 10)
	SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http) throws Exception {
		PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(new OrRequestMatcher(path.matcher("/console"), path.matcher("/console/**"),
				path.matcher("/webjars/**")))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(path.matcher(LOGIN), path.matcher("/console/denied"), path.matcher("/console/assets/**"), path.matcher("/webjars/**"))
				.permitAll()
				.requestMatchers(path.matcher(HttpMethod.POST, "/console/money/reports/*/links"))
				.hasRole(Roles.FINANCE)
				.requestMatchers(path.matcher(HttpMethod.POST, "/console/logout"))
				.authenticated()
				.requestMatchers(path.matcher(HttpMethod.POST, "/console/**"))
				.hasRole(Roles.OPS)
				.requestMatchers(path.matcher("/console/money/reports"), path.matcher("/console/money/reports.csv"),
						path.matcher("/console/money/reports/**"))
				.hasRole(Roles.FINANCE)
				.requestMatchers(path.matcher("/console/money"), path.matcher("/console/money/**"))
				.hasAnyRole(Roles.FINANCE, Roles.AUDITOR)
				.requestMatchers(path.matcher("/console/audit"), path.matcher("/console/audit.csv"),
						path.matcher("/console/audit/**"), path.matcher("/console/inbox"),
						path.matcher("/console/inbox.csv"), path.matcher("/console/inbox/**"),
						path.matcher("/console/alerts"), path.matcher("/console/alerts.csv"),
						path.matcher("/console/alerts/**"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR)
				.anyRequest()
				.hasAnyRole(Roles.OPS, Roles.AUDITOR, Roles.FINANCE))
			.formLogin((form) -> form.loginPage(LOGIN).defaultSuccessUrl("/console", false).permitAll())
			.logout((logout) -> logout.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN + "?logout"))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedPage("/console/denied"));
		return http.build();
	}

}
