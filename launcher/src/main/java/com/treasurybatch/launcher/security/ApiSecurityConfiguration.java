package com.treasurybatch.launcher.security;

import java.nio.file.Path;
import java.util.Properties;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

import com.treasurybatch.launcher.system.TreasuryHome;
import com.treasurybatch.shared.audit.AuditLog;

/**
 * Web security of everything but the webhook receiver ({@code /webhooks/**} brings its
 * own filter chain): HTTP Basic against the users file, exchanged for a session on success
 * (the {@code JSESSIONID} cookie then authenticates the client's further requests without the
 * password; {@code POST /api/logout} ends it, as does 30 minutes without a request), roles as
 * documented in {@link Roles}, anonymous access only to health. Web-only: a CLI run (non-web)
 * gets none of these beans.
 *
 * <p>
 * Why a session: the users file's passwords are bcrypt hashes, deliberately slow to verify
 * (about 100 ms of CPU here), and Spring Security's password storage guidance is to exchange
 * the long-term credential for a short-term one (a session or a token) rather than to weaken
 * the hash (docs.spring.io/spring-security/reference/features/authentication/password-storage.html).
 * The API's session is kept under its own attribute ({@link #API_SECURITY_CONTEXT}), apart
 * from the console's form login: one never signs in to the other. A request authenticated by
 * the cookie alone must send, for any unsafe method, the {@code XSRF-TOKEN} cookie's value in
 * the {@code X-XSRF-TOKEN} header (CSRF protection, since a browser sends cookies by itself);
 * a request carrying its own {@code Authorization} header, or without a session, needs none.
 *
 * <p>
 * Access:
 * <ul>
 * <li>{@code /actuator/health/**}: anyone;</li>
 * <li>{@code GET|POST /unsubscribe/{token}}: anyone (RFC 8058 one-click: the signed token is the credential);</li>
 * <li>{@code /actuator/prometheus}: OPS, AUDITOR; other actuator endpoints: OPS;</li>
 * <li>{@code POST /api/jobs/{job}/executions}, {@code POST
 * /api/executions/{id}/{action}}: OPS;</li>
 * <li>{@code GET /api/audit}: OPS, AUDITOR;</li>
 * <li>{@code GET /api/analytics/**}: OPS, AUDITOR, FINANCE;</li>
 * <li>{@code /api/reports/**} (list, download, shareable links): FINANCE;</li>
 * <li>{@code GET /public/reports/links/*}: anyone holding a signed link (checked by the controller);</li>
 * <li>{@code GET /api/jobs}, {@code GET /api/executions/**}: OPS, AUDITOR, FINANCE;</li>
 * <li>{@code GET /api/payees/**}, {@code GET /api/accounts}, {@code GET /api/journals/**}, {@code GET
 * /api/suspense}: OPS, AUDITOR, FINANCE;</li>
 * <li>{@code POST /api/journals}, {@code POST /api/journals/{id}/reversal}: OPS, FINANCE (propose);
 * {@code POST /api/journals/{id}/approve|reject}: FINANCE, never the proposer (409 from the controller);</li>
 * <li>anything else: refused (a new endpoint gets a rule here before anyone can call
 * it).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiSecurityConfiguration {

	/** The session attribute holding an API client's security context (not the console's). */
	static final String API_SECURITY_CONTEXT = "TREASURY_API_SECURITY_CONTEXT";

	/** Ends the API session: 204, the session invalidated. */
	static final String LOGOUT = "/api/logout";

	/** The users file under TREASURY_HOME when none is configured. */
	static final String USERS_FILE_DEFAULT = "users.properties";

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService userDetailsService(UsersFileProperties properties, TreasuryHome home) {
		Path file = (properties.usersFile() != null) ? properties.usersFile() : home.resolve(USERS_FILE_DEFAULT);
		Properties users = UsersFile.load(file, System.out);
		return new InMemoryUserDetailsManager(users);
	}

	@Bean
	ProblemResponses problemResponses(JsonMapper json, AuditLog audit) {
		return new ProblemResponses(json, audit);
	}

	/**
	 * Last in order and blind to {@code /webhooks/**}: whatever order the receiver's
	 * chain has, it keeps its path. CSRF protection applies where the credential is the
	 * session cookie alone ({@link #csrfRequired}); RFC 8058 one-click unsubscribe posts
	 * carry neither cookie nor header and are left out.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ProblemResponses problems) throws Exception {
		PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
		HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
		sessions.setSpringSecurityContextKey(API_SECURITY_CONTEXT);
		SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
				new RequestAttributeSecurityContextRepository(), sessions);
		SessionCsrfCookies csrfTokens = new SessionCsrfCookies();
		http.securityMatcher(new NegatedRequestMatcher(path.matcher("/webhooks/**")))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
				.permitAll()
				.requestMatchers(path.matcher("/error"))
				.permitAll()
				.requestMatchers(path.matcher(HttpMethod.POST, "/unsubscribe/*"),
						path.matcher(HttpMethod.GET, "/unsubscribe/*"))
				.permitAll()
				.requestMatchers(path.matcher(HttpMethod.GET, "/public/reports/links/*"))
				.permitAll()
				.requestMatchers(path.matcher("/api/reports"), path.matcher("/api/reports/**"))
				.hasRole(Roles.FINANCE)
				.requestMatchers(EndpointRequest.to("prometheus"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR)
				.requestMatchers(EndpointRequest.toAnyEndpoint())
				.hasRole(Roles.OPS)
				.requestMatchers(path.matcher(HttpMethod.POST, "/api/jobs/*/executions"),
						path.matcher(HttpMethod.POST, "/api/executions/*/*"),
						path.matcher(HttpMethod.POST, "/api/schedules/*/*"),
						path.matcher(HttpMethod.POST, "/api/inbox/events/*/replay"),
						path.matcher(HttpMethod.POST, "/api/payouts/*/release"),
						path.matcher(HttpMethod.POST, "/api/payouts/*/cancel"),
						path.matcher(HttpMethod.POST, "/api/payouts/*/retry"),
						path.matcher(HttpMethod.POST, "/api/payouts/instant"),
						path.matcher(HttpMethod.POST, "/api/gdpr/erasure-requests"))
				.hasRole(Roles.OPS)
				.requestMatchers(path.matcher(HttpMethod.GET, "/api/audit"),
						path.matcher(HttpMethod.GET, "/api/inbox/stats"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR)
				.requestMatchers(path.matcher(HttpMethod.GET, "/api/analytics/**"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR, Roles.FINANCE)
				.requestMatchers(path.matcher(HttpMethod.GET, "/api/jobs"),
						path.matcher(HttpMethod.GET, "/api/executions"),
						path.matcher(HttpMethod.GET, "/api/executions/**"),
						path.matcher(HttpMethod.GET, "/api/schedules"),
						path.matcher(HttpMethod.GET, "/api/ledger/**"),
						path.matcher(HttpMethod.GET, "/api/payouts"),
						path.matcher(HttpMethod.GET, "/api/payouts/failed"),
						path.matcher(HttpMethod.GET, "/api/retention/daily"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR, Roles.FINANCE)
				.requestMatchers(path.matcher(HttpMethod.POST, "/api/refund-requests"))
				.hasAnyRole(Roles.PRODUCT, Roles.OPS)
				.requestMatchers(path.matcher(HttpMethod.POST, "/api/refunds"),
						path.matcher(HttpMethod.POST, "/api/refund-requests/*/*"),
						path.matcher(HttpMethod.POST, "/api/disputes/*/notes"),
						path.matcher(HttpMethod.POST, "/api/split-rules"),
						path.matcher(HttpMethod.PUT, "/api/split-rules/*"),
						path.matcher(HttpMethod.DELETE, "/api/split-rules/*"),
						path.matcher(HttpMethod.POST, "/api/catalog/**"))
				.hasRole(Roles.OPS)
				.requestMatchers(path.matcher(HttpMethod.GET, "/api/refund-requests"),
						path.matcher(HttpMethod.GET, "/api/refund-requests/*"),
						path.matcher(HttpMethod.GET, "/api/disputes"), path.matcher(HttpMethod.GET, "/api/disputes/*"),
						path.matcher(HttpMethod.GET, "/api/split-rules"),
						path.matcher(HttpMethod.GET, "/api/split-rules/*"),
						path.matcher(HttpMethod.GET, "/api/catalog/**"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR, Roles.FINANCE)
				.requestMatchers(path.matcher(HttpMethod.POST, "/api/journals/*/approve"),
						path.matcher(HttpMethod.POST, "/api/journals/*/reject"))
				.hasRole(Roles.FINANCE)
				.requestMatchers(path.matcher(HttpMethod.POST, "/api/journals"),
						path.matcher(HttpMethod.POST, "/api/journals/*/reversal"))
				.hasAnyRole(Roles.OPS, Roles.FINANCE)
				.requestMatchers(path.matcher(HttpMethod.GET, "/api/payees"), path.matcher(HttpMethod.GET, "/api/payees/**"),
						path.matcher(HttpMethod.GET, "/api/accounts"), path.matcher(HttpMethod.GET, "/api/journals"),
						path.matcher(HttpMethod.GET, "/api/journals/*"), path.matcher(HttpMethod.GET, "/api/suspense"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR, Roles.FINANCE)
				.requestMatchers(path.matcher(HttpMethod.POST, "/api/alerts/*/ack"),
						path.matcher(HttpMethod.POST, "/api/alerts/*/assign"),
						path.matcher(HttpMethod.POST, "/api/alerts/*/resolve"),
						path.matcher(HttpMethod.POST, "/api/anomalies/*/resolve"))
				.hasAnyRole(Roles.OPS)
				.requestMatchers(path.matcher(HttpMethod.GET, "/api/anomalies"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR, Roles.FINANCE)
				.requestMatchers(path.matcher(HttpMethod.GET, "/api/alerts"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR)
				.requestMatchers(path.matcher(HttpMethod.GET, "/api/reconciliations/*"))
				.hasAnyRole(Roles.OPS, Roles.AUDITOR, Roles.FINANCE)
				.anyRequest()
				.denyAll())
			.httpBasic((basic) -> basic.realmName(ProblemResponses.REALM)
				.authenticationEntryPoint(problems)
				.securityContextRepository(contexts))
			.securityContext((context) -> context.securityContextRepository(contexts))
			.addFilterAfter(new CsrfCookieIssuer(csrfTokens), BasicAuthenticationFilter.class)
			.logout((logout) -> logout.logoutRequestMatcher(path.matcher(HttpMethod.POST, LOGOUT))
				.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.spa()
				.csrfTokenRepository(csrfTokens)
				.requireCsrfProtectionMatcher(ApiSecurityConfiguration::csrfRequired)
				.ignoringRequestMatchers(path.matcher(HttpMethod.POST, "/unsubscribe/*")));
		return http.build();
	}

	/**
	 * Whether a request must prove it was not forged by another site: an unsafe method
	 * (not GET, HEAD, OPTIONS, TRACE) on an existing session, without an {@code Authorization}
	 * header. A browser adds the cookie to a cross-site request by itself, never this header.
	 */
	static boolean csrfRequired(HttpServletRequest request) {
		String method = request.getMethod();
		boolean safe = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)
				|| "TRACE".equals(method);
		return !safe && request.getHeader(HttpHeaders.AUTHORIZATION) == null && request.getSession(false) != null;
	}

}
