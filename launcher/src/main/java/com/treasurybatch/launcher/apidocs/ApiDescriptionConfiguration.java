package com.treasurybatch.launcher.apidocs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.treasurybatch.launcher.security.Roles;

/**
 * The OpenAPI 3.1 description of the API ({@code GET /v3/api-docs}, springdoc-openapi) and Swagger UI
 * ({@code /swagger-ui}). Both need a login with any role (HTTP Basic, the API's users): the description names
 * every route, which is nobody else's business.
 *
 * <p>Each operation says which roles may call it ({@code x-roles} and its description). The roles are not
 * written twice: they are asked of the security rules themselves ({@link WebInvocationPrivilegeEvaluator}, one
 * question per role and operation, path variables filled with {@code 1}), so the description cannot drift from
 * what the server enforces. Public operations carry an empty security requirement; {@code POST /cli/run} carries
 * the CLI token scheme, the webhooks their signature scheme. Every protected operation lists its 401 and 403
 * RFC 9457 problem responses ({@code application/problem+json}, schema {@code Problem}) with examples. The
 * console's routes ({@link ConsoleRoutesDescription}) carry the console's session scheme, their roles from the
 * same rules, a redirect to the login page and the 403 page instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiDescriptionConfiguration {

	/** Security scheme: HTTP Basic against the users file. */
	static final String BASIC = "basicAuth";

	/** Security scheme: the CLI endpoint's bearer token (TREASURY_HOME/cli-token). */
	static final String CLI_TOKEN = "cliToken";

	/** Security scheme: the console's session cookie, from its login form. */
	static final String CONSOLE_SESSION = "consoleSession";

	/** Security scheme: the webhook signature header. */
	static final String SIGNATURE = "webhookSignature";

	/** The problem media type of RFC 9457. */
	static final String PROBLEM_JSON = "application/problem+json";

	private static final List<String> ROLES = List.of(Roles.OPS, Roles.FINANCE, Roles.AUDITOR);

	@Bean
	@Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 30)
	SecurityFilterChain apiDescriptionFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui", "/swagger-ui/**",
				"/swagger-ui.html")
			.authorizeHttpRequests(
					(requests) -> requests.anyRequest().hasAnyRole(Roles.OPS, Roles.FINANCE, Roles.AUDITOR))
			.httpBasic((basic) -> basic.realmName("treasury-batch"))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	OpenAPI treasuryBatchOpenApi() {
		return new OpenAPI().info(new Info().title("Treasury Batch API")
			.version("v1")
			.description("Operates Treasury Batch: job executions, schedules, the webhook inbox, the ledger, payouts, "
					+ "reconciliation, alerts, reports and the audit trail. Every refusal is an RFC 9457 problem "
					+ "(application/problem+json)."))
			.components(new Components()
				.addSecuritySchemes(BASIC,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("basic")
							.description("A user of the users file; its roles (OPS, FINANCE, AUDITOR) decide what "
									+ "it may call (see x-roles on each operation)."))
				.addSecuritySchemes(CLI_TOKEN,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("The token the server writes at each start to TREASURY_HOME/cli-token "
									+ "(owner-only); loopback connections only."))
				.addSecuritySchemes(SIGNATURE, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("Stripe-Signature")
					.description("The sender's HMAC signature of the body (Stripe: docs.stripe.com/webhooks/signature)"))
				.addSchemas("Problem", problemSchema()));
	}

	@Bean
	OpenApiCustomizer rolesAndProblems(ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
		return (openApi) -> {
			mappings.ifAvailable((available) -> ConsoleRoutesDescription.addTo(openApi, available));
			if (openApi.getPaths() == null) {
				return;
			}
			// springdoc drops component schemas no operation referenced before customizers ran
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents().addSchemas("Problem", problemSchema());
			openApi.getComponents()
				.addSecuritySchemes(CONSOLE_SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.COOKIE)
					.name("JSESSIONID")
					.description("The console's session, from its login form (POST /console/login, the users "
							+ "file); every console POST also carries the form's CSRF token (field _csrf)."));
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				describe(path, method, operation, evaluator.getIfAvailable());
			}));
		};
	}

	private static void describe(String path, PathItem.HttpMethod method, Operation operation,
			WebInvocationPrivilegeEvaluator evaluator) {
		if (path.startsWith("/cli/")) {
			operation.setSecurity(List.of(new SecurityRequirement().addList(CLI_TOKEN)));
			append(operation, "Credential: the CLI token (not a user login).");
			return;
		}
		if (path.startsWith("/webhooks/")) {
			operation.setSecurity(List.of(new SecurityRequirement().addList(SIGNATURE)));
			append(operation, "Credential: the sender's signature header (not a user login).");
			return;
		}
		String uri = path.replaceAll("\\{[^}]+}", "1");
		if (evaluator == null) {
			return;
		}
		if (evaluator.isAllowed("", uri, method.name(), anonymous())) {
			operation.setSecurity(List.of());
			operation.addExtension("x-roles", List.of());
			append(operation, "Public: no login.");
			return;
		}
		List<String> roles = new ArrayList<>();
		for (String role : ROLES) {
			if (evaluator.isAllowed("", uri, method.name(), user(role))) {
				roles.add(role);
			}
		}
		boolean console = path.equals(ConsoleRoutesDescription.PREFIX)
				|| path.startsWith(ConsoleRoutesDescription.PREFIX + "/");
		operation.setSecurity(List.of(new SecurityRequirement().addList(console ? CONSOLE_SESSION : BASIC)));
		operation.addExtension("x-roles", roles);
		append(operation, "Roles: " + (roles.isEmpty() ? "none (refused to every user)" : String.join(", ", roles))
				+ ".");
		if (console) {
			describeConsoleRefusals(method, operation);
			return;
		}
		operation.getResponses()
			.addApiResponse("401", problem("No or wrong credentials.", 401, "Unauthorized",
					"a login is needed for " + method + " " + uri, uri));
		operation.getResponses()
			.addApiResponse("403", problem("The user lacks the role.", 403, "Forbidden",
					"user carol (roles FINANCE) may not " + method + " " + uri, uri));
	}

	/**
	 * A console route refuses as a browser expects: not signed in, a redirect to the login page; a role that may
	 * not, the 403 page (or a problem for a client that does not accept HTML); a POST without the form's CSRF
	 * token, the same 403.
	 */
	private static void describeConsoleRefusals(PathItem.HttpMethod method, Operation operation) {
		String login = "not signed in: to the login page (/console/login)";
		ApiResponse redirect = operation.getResponses().get("302");
		if (redirect != null) {
			redirect.setDescription(redirect.getDescription() + "; " + login);
		}
		else {
			operation.getResponses()
				.addApiResponse("302", new ApiResponse().description(StringUtils.capitalize(login))
					.addHeaderObject("Location", new Header().schema(new StringSchema())));
		}
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("type", "about:blank");
		example.put("title", "Forbidden");
		example.put("status", 403);
		example.put("detail", "Your role may not see this console page");
		MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))
			.example(example);
		String csrf = (method == PathItem.HttpMethod.POST) ? ", or the form's CSRF token is missing or stale" : "";
		operation.getResponses()
			.addApiResponse("403", new ApiResponse()
				.description("The user lacks the role" + csrf + ": the denied page for a browser (Accept: text/html), "
						+ "a problem for any other client.")
				.content(new Content().addMediaType("text/html", new MediaType().schema(new StringSchema()))
					.addMediaType(PROBLEM_JSON, problem)));
	}

	private static void append(Operation operation, String text) {
		String description = operation.getDescription();
		operation.setDescription((description == null || description.isBlank()) ? text : description + "\n\n" + text);
	}

	private static ApiResponse problem(String description, int status, String title, String detail, String uri) {
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("type", "about:blank");
		example.put("title", title);
		example.put("status", status);
		example.put("detail", detail);
		example.put("instance", uri);
		MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")).example(example);
		return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON, media));
	}

	/** RFC 9457 section 3.1: the members every problem of this API carries. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemSchema() {
		Schema schema = new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().description("URI of the problem type; about:blank: see status"))
			.addProperty("title", new StringSchema().description("Short summary of the problem type"))
			.addProperty("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400))
				.maximum(java.math.BigDecimal.valueOf(599))
				.description("HTTP status code"))
			.addProperty("detail", new StringSchema().description("What went wrong here, in plain words"))
			.addProperty("instance", new StringSchema().description("The request path"));
		schema.setRequired(List.of("title", "status"));
		return schema;
	}

	private static Authentication anonymous() {
		return new AnonymousAuthenticationToken("openapi", "anonymous",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
	}

	private static Authentication user(String role) {
		return UsernamePasswordAuthenticationToken.authenticated("openapi-" + role.toLowerCase(), null,
				AuthorityUtils.createAuthorityList("ROLE_" + role));
	}

}
