package com.treasurybatch.launcher.security;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API client over real HTTP with a cookie jar, as curl or a script keeps one: HTTP Basic once, then the session
 * cookie alone (the password, a bcrypt hash to verify, is not sent again); a wrong password is a 401 problem and opens
 * no session; the API session does not open the console; an unsafe request on the cookie alone needs the
 * {@code XSRF-TOKEN} cookie's value in {@code X-XSRF-TOKEN}; {@code POST /api/logout} ends the session.
 */
@SpringBootTest(classes = { TreasuryBatchApplication.class, TestJobs.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.auto-startup=false",
				"spring.quartz.scheduler-name=treasury-batch-fresh-install-tests",
				"treasury.security.users-file=target/test-classes/test-users.properties", "treasury.actor=alice" })
@PostgresTest
class ApiSessionTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void oneBasicAuthenticationThenTheSessionCookieUntilLogout() throws Exception {
		CookieManager jar = new CookieManager();
		HttpClient client = HttpClient.newBuilder().cookieHandler(jar).build();

		HttpResponse<String> first = client.send(request("GET", "/api/accounts").header("Authorization",
				basic("finance", "finance-password")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(cookie(jar, "JSESSIONID")).isPresent();
		assertThat(cookie(jar, "XSRF-TOKEN")).isPresent();

		// no Authorization header from here on: the cookie is the credential
		HttpResponse<String> again = client.send(request("GET", "/api/accounts").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(again.body()).has("accounts")).isTrue();
		assertThat(client.send(request("GET", "/api/journals").build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		// the role still decides: FINANCE may not read the audit trail (OPS, AUDITOR)
		assertProblem(client.send(request("GET", "/api/audit").build(), HttpResponse.BodyHandlers.ofString()), 403);

		// the API session is not a console login
		HttpResponse<String> console = client.send(request("GET", "/console").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(console.statusCode()).isEqualTo(302);
		assertThat(console.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/console/login"));

		// an unsafe request on the cookie alone, without the CSRF token: refused, the session kept
		HttpResponse<String> forged = client.send(request("POST", "/api/logout").build(),
				HttpResponse.BodyHandlers.ofString());
		assertProblem(forged, 403);
		assertThat(JSON.readTree(forged.body()).get("detail").asString()).contains("X-XSRF-TOKEN");
		assertThat(client.send(request("GET", "/api/accounts").build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);

		HttpResponse<String> logout = client.send(
				request("POST", "/api/logout").header("X-XSRF-TOKEN", cookie(jar, "XSRF-TOKEN").orElseThrow()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(logout.statusCode()).isEqualTo(204);
		HttpResponse<String> after = client.send(request("GET", "/api/accounts").build(),
				HttpResponse.BodyHandlers.ofString());
		assertProblem(after, 401);
		assertThat(after.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"treasury-batch\"");
	}

	@Test
	void aWrongPasswordIsA401ProblemAndOpensNoSession() throws Exception {
		CookieManager jar = new CookieManager();
		HttpClient client = HttpClient.newBuilder().cookieHandler(jar).build();
		HttpResponse<String> wrong = client.send(request("GET", "/api/accounts").header("Authorization",
				basic("finance", "wrong-password")).build(), HttpResponse.BodyHandlers.ofString());
		assertProblem(wrong, 401);
		assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"treasury-batch\"");
		assertThat(cookie(jar, "JSESSIONID")).isEmpty();
		assertProblem(client.send(request("GET", "/api/accounts").build(), HttpResponse.BodyHandlers.ofString()), 401);
	}

	@Test
	void aPostWithBasicCredentialsNeedsNoCsrfToken() throws Exception {
		// a client that sends its credentials on each request carries nothing a browser adds by itself
		HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		HttpResponse<String> logout = client.send(request("POST", "/api/logout").header("Authorization",
				basic("ops", "ops-password")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(logout.statusCode()).isEqualTo(204);
	}

	private HttpRequest.Builder request(String method, String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.header("Accept", "application/json");
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private static Optional<String> cookie(CookieManager jar, String name) {
		return jar.getCookieStore().getCookies().stream().filter((c) -> c.getName().equals(name)).map(HttpCookie::getValue)
			.findFirst();
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.has("title")).isTrue();
	}

}
