package com.treasurybatch.launcher.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mapped route (read from Spring MVC's {@link RequestMappingHandlerMapping}), called over HTTP by every role
 * and anonymously on a fresh install (its own empty database): no answer is a 500, and every error answer is an
 * RFC 9457 problem ({@code application/problem+json} with {@code type}, {@code title}, {@code status}). Then the
 * framework's own errors: bad JSON (400), a wrong content type (415), a wrong method (405), an unmapped path (404
 * or, under deny-by-default, 403), and the container's {@code /error} path.
 */
@SpringBootTest(classes = { TreasuryBatchApplication.class, TestJobs.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.auto-startup=false",
				"spring.quartz.scheduler-name=treasury-batch-fresh-install-tests",
				"treasury.security.users-file=target/test-classes/test-users.properties", "treasury.actor=alice" })
@PostgresTest
class EveryRouteProblemsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> USERS = List.of("ops", "finance", "auditor", "");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void noRouteAnswers500ForAnyRoleOnAFreshInstallAndEveryErrorIsAProblem() throws Exception {
		List<String> failures = new ArrayList<>();
		Set<String> walked = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					String path = pattern.replaceAll("\\{[^}]*\\*?[^}]*}", "1").replace("${server.error.path:${error.path:/error}}", "/error");
					walked.add(method + " " + path);
					for (String user : USERS) {
						HttpResponse<String> response = call(method.name(), path, user, "application/json", "{}");
						check(method + " " + path + " as " + (user.isEmpty() ? "anonymous" : user), response, failures);
					}
				}
			}
		}
		assertThat(walked).contains("GET /api/retention/daily", "GET /api/alerts", "GET /error");
		assertThat(failures).isEmpty();
	}

	@Test
	void theRetentionDailyOfAFreshInstallIsAnEmptyListForEveryRoleThatReadsIt() throws Exception {
		for (String user : List.of("ops", "finance", "auditor")) {
			HttpResponse<String> response = call("GET", "/api/retention/daily", user, null, null);
			assertThat(response.statusCode()).as(user).isEqualTo(200);
			assertThat(response.body()).isEqualTo("[]");
		}
	}

	@Test
	void frameworkErrorsAreProblemsToo() throws Exception {
		List<String> failures = new ArrayList<>();
		HttpResponse<String> badJson = call("POST", "/api/payouts/instant", "ops", "application/json", "{not json");
		assertThat(badJson.statusCode()).isEqualTo(400);
		check("bad JSON", badJson, failures);
		HttpResponse<String> wrongType = call("POST", "/api/payouts/instant", "ops", "text/plain", "hello");
		assertThat(wrongType.statusCode()).isEqualTo(415);
		check("wrong content type", wrongType, failures);
		HttpResponse<String> wrongMethod = call("PUT", "/error", "ops", "application/json", "{}");
		check("wrong method", wrongMethod, failures);
		HttpResponse<String> unmapped = call("GET", "/api/no-such-thing", "ops", null, null);
		assertThat(unmapped.statusCode()).isIn(403, 404);
		check("unmapped path", unmapped, failures);
		HttpResponse<String> unmappedAnonymous = call("GET", "/no-such-thing", "", null, null);
		assertThat(unmappedAnonymous.statusCode()).isEqualTo(401);
		check("unmapped path, anonymous", unmappedAnonymous, failures);
		assertThat(failures).isEmpty();
	}

	private void check(String what, HttpResponse<String> response, List<String> failures) {
		int status = response.statusCode();
		if (status >= 500) {
			failures.add(what + ": " + status + " " + response.body());
			return;
		}
		if (status < 400) {
			return;
		}
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (!type.startsWith("application/problem+json")) {
			failures.add(what + ": " + status + " with Content-Type '" + type + "': " + response.body());
			return;
		}
		JsonNode problem = JSON.readTree(response.body());
		if (!problem.hasNonNull("type") || !problem.hasNonNull("title") || problem.path("status").asInt() != status) {
			failures.add(what + ": " + status + " problem without type, title or status: " + response.body());
		}
	}

	private HttpResponse<String> call(String method, String path, String user, String contentType, String body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (!user.isEmpty()) {
			String credentials = user + ":" + user + "-password";
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
