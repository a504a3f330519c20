package com.treasurybatch.launcher.apidocs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.treasurybatch.launcher.testing.OperationsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@OperationsTest
class ApiDescriptionTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void theDescriptionAndSwaggerUiNeedALoginWithAnyRole() throws Exception {
		this.mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isUnauthorized());
		for (String user : List.of("ops", "finance", "auditor")) {
			this.mvc.perform(get("/v3/api-docs").with(httpBasic(user, user + "-password"))).andExpect(status().isOk());
		}
		this.mvc.perform(get("/swagger-ui/index.html").with(httpBasic("auditor", "auditor-password")))
			.andExpect(status().isOk());
	}

	@Test
	void everyMappedRouteIsDescribedInOpenApi31() throws Exception {
		JsonNode description = description();
		assertThat(description.path("openapi").asString()).startsWith("3.1");
		Set<String> missing = new TreeSet<>();
		int routes = 0;
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : this.mappings.getHandlerMethods().entrySet()) {
			String owner = mapping.getValue().getBeanType().getName();
			// springdoc's own endpoints (the description itself, Swagger UI's config) and Spring Boot's error page
			// are not part of the API
			if (owner.startsWith("org.springdoc.") || owner.startsWith("org.springframework.boot.")) {
				continue;
			}
			Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
			for (String pattern : mapping.getKey().getPatternValues()) {
				// OpenAPI spells a path variable without its pattern: {action:stop|restart} is {action}
				String path = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					routes++;
					if (description.path("paths").path(path).path(method.name().toLowerCase()).isMissingNode()) {
						missing.add(method + " " + path + " (" + mapping.getValue().getBeanType().getSimpleName() + ")");
					}
				}
			}
		}
		assertThat(routes).isGreaterThan(30);
		assertThat(missing).as("mapped routes missing from /v3/api-docs").isEmpty();
	}

	@Test
	void eachOperationNamesTheRolesTheSecurityRulesEnforce() throws Exception {
		JsonNode paths = description().path("paths");
		assertThat(roles(paths, "/api/jobs/{job}/executions", "post")).containsExactly("OPS");
		assertThat(roles(paths, "/api/audit", "get")).containsExactly("OPS", "AUDITOR");
		assertThat(roles(paths, "/api/executions", "get")).containsExactly("OPS", "FINANCE", "AUDITOR");
		assertThat(roles(paths, "/api/reports", "get")).containsExactly("FINANCE");
		JsonNode unsubscribe = paths.path("/unsubscribe/{token}").path("post");
		assertThat(unsubscribe.path("security").isArray() && unsubscribe.path("security").isEmpty()).isTrue();
		assertThat(paths.path("/cli/run").path("post").path("security").get(0).has("cliToken")).isTrue();
		JsonNode forbidden = paths.path("/api/audit").path("get").path("responses").path("403").path("content");
		assertThat(forbidden.has("application/problem+json")).isTrue();
	}

	@Test
	void consoleRoutesNameTheirRolesTheSessionAndTheirRefusals() throws Exception {
		JsonNode paths = description().path("paths");
		assertThat(roles(paths, "/console/money/reports", "get")).containsExactly("FINANCE");
		assertThat(roles(paths, "/console/audit.csv", "get")).containsExactly("OPS", "AUDITOR");
		assertThat(roles(paths, "/console/executions", "get")).containsExactly("OPS", "FINANCE", "AUDITOR");
		JsonNode act = paths.path("/console/executions/{id}/{action}").path("post");
		assertThat(roles(paths, "/console/executions/{id}/{action}", "post")).containsExactly("OPS");
		assertThat(act.path("security").get(0).has("consoleSession")).isTrue();
		List<String> actions = new ArrayList<>();
		act.path("parameters").forEach((parameter) -> {
			if (parameter.path("name").asString().equals("action")) {
				parameter.path("schema").path("enum").forEach((value) -> actions.add(value.asString()));
			}
		});
		assertThat(actions).containsExactly("stop", "restart", "abandon", "recover");
		assertThat(act.path("requestBody").path("content").path("application/x-www-form-urlencoded").path("schema")
			.path("required").toString()).contains("_csrf");
		assertThat(act.path("responses").path("302").path("description").asString()).contains("/console/login");
		assertThat(act.path("responses").path("403").path("content").has("text/html")).isTrue();
		assertThat(paths.path("/console/audit.csv").path("get").path("responses").path("200").path("content")
			.has("text/csv")).isTrue();
		JsonNode login = paths.path("/console/login").path("get").path("security");
		assertThat(login.isArray() && login.isEmpty()).as("the login page needs no login").isTrue();
		// an action redirects back to its page; sharing a report shows the link and its QR code on a page of its own
		assertThat(act.path("responses").has("200")).isFalse();
		assertThat(paths.path("/console/money/reports/{id}/links").path("post").path("responses").path("200")
			.path("content").has("text/html")).isTrue();
	}

	@Test
	void everyExampleValidatesAgainstItsSchema() throws Exception {
		JsonNode description = description();
		List<String> failures = new ArrayList<>();
		int[] checked = { 0 };
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		walk(description, "", (where, media) -> {
			List<JsonNode> examples = new ArrayList<>();
			if (media.has("example")) {
				examples.add(media.get("example"));
			}
			media.path("examples").forEach((example) -> examples.add(example.path("value")));
			if (examples.isEmpty() || !media.has("schema")) {
				return;
			}
			// OpenAPI 3.1 schemas are JSON Schema 2020-12; references into components are inlined
			JsonNode root = inline(media.get("schema"), description.path("components").path("schemas"), 0);
			if (root.toString().contains("\"#/components/")) {
				failures.add(where + ": unresolved reference in " + root);
				return;
			}
			Schema schema = registry.getSchema(root);
			for (JsonNode example : examples) {
				checked[0]++;
				List<Error> errors = schema.validate(example);
				if (!errors.isEmpty()) {
					failures.add(where + ": " + errors);
				}
			}
		});
		assertThat(checked[0]).as("examples in the description").isGreaterThan(20);
		assertThat(failures).isEmpty();
	}

	private JsonNode description() throws Exception {
		String body = this.mvc.perform(get("/v3/api-docs").with(httpBasic("ops", "ops-password")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return json.readTree(body);
	}

	/** The schema with each {@code $ref} to a component replaced by that component (12 levels at most). */
	private static JsonNode inline(JsonNode schema, JsonNode components, int depth) {
		if (schema.isObject()) {
			String ref = schema.path("$ref").asString("");
			JsonNode target = components.path(ref.substring(Math.min(ref.length(), "#/components/schemas/".length())));
			if (ref.startsWith("#/components/schemas/") && target.isObject() && depth < 12) {
				return inline(target, components, depth + 1);
			}
			ObjectNode copy = json.createObjectNode();
			schema.properties().forEach((entry) -> copy.set(entry.getKey(), inline(entry.getValue(), components, depth)));
			return copy;
		}
		if (schema.isArray()) {
			tools.jackson.databind.node.ArrayNode copy = json.createArrayNode();
			schema.forEach((item) -> copy.add(inline(item, components, depth)));
			return copy;
		}
		return schema;
	}

	private static List<String> roles(JsonNode paths, String path, String method) {
		List<String> roles = new ArrayList<>();
		paths.path(path).path(method).path("x-roles").forEach((role) -> roles.add(role.asString()));
		return roles;
	}

	/** Calls {@code media} for every media type object (request bodies and responses) of the description. */
	private static void walk(JsonNode node, String where, java.util.function.BiConsumer<String, JsonNode> media) {
		if (node.isObject()) {
			if (where.endsWith("/content")) {
				node.properties().forEach((entry) -> media.accept(where + "/" + entry.getKey(), entry.getValue()));
			}
			node.properties().forEach((entry) -> walk(entry.getValue(), where + "/" + entry.getKey(), media));
		}
	}

}
