package com.treasurybatch.launcher.apidocs;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operations console's routes ({@code /console/**}) in the API description. springdoc describes only
 * handlers that write a response body; the console's handlers render Thymeleaf pages, so they are added here
 * from the handler mappings themselves: each page ({@code text/html}), CSV export ({@code text/csv}), report
 * download and form action ({@code POST}, answered with a redirect back to its page, or a result page when the
 * handler renders one). Path variables with a pattern ({@code {action:stop|restart}}) become a path parameter
 * with an enum; {@code @RequestParam}s become query parameters (GET) or form fields (POST, with the CSRF field).
 * Roles and credentials are added afterwards with the API's ({@link ApiDescriptionConfiguration}).
 */
final class ConsoleRoutesDescription {

	/** Where the console's routes start. */
	static final String PREFIX = "/console";

	/** The tag of every console operation. */
	static final String TAG = "console";

	/** The form field carrying Spring Security's CSRF token on every console POST. */
	static final String CSRF_FIELD = "_csrf";

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::([^}]*))?}");

	private static final Pattern WORDS = Pattern.compile("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)*");

	private ConsoleRoutesDescription() {
	}

	/**
	 * Adds an operation for every console route the description does not have yet.
	 * @param openApi the description being built
	 * @param mappings the application's request mappings
	 */
	static void addTo(OpenAPI openApi, RequestMappingHandlerMapping mappings) {
		if (openApi.getPaths() == null) {
			openApi.setPaths(new Paths());
		}
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
			Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
			for (String pattern : mapping.getKey().getPatternValues()) {
				if (!pattern.equals(PREFIX) && !pattern.startsWith(PREFIX + "/")) {
					continue;
				}
				PathItem item = openApi.getPaths().computeIfAbsent(openApiPath(pattern), (key) -> new PathItem());
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					PathItem.HttpMethod http = PathItem.HttpMethod.valueOf(method.name());
					if (!item.readOperationsMap().containsKey(http)) {
						item.operation(http, operation(pattern, http, mapping.getValue()));
					}
				}
			}
		}
	}

	/**
	 * The path as OpenAPI spells it: a variable's pattern ({@code {action:stop|restart}}) dropped.
	 * @param pattern a Spring MVC path pattern
	 */
	static String openApiPath(String pattern) {
		return VARIABLE.matcher(pattern).replaceAll("{$1}");
	}

	private static Operation operation(String pattern, PathItem.HttpMethod method, HandlerMethod handler) {
		String page = handler.getBeanType().getSimpleName().replace("Controller", "");
		Operation operation = new Operation().addTagsItem(TAG)
			.operationId(StringUtils.uncapitalize(page) + "_" + handler.getMethod().getName() + "_"
					+ method.name().toLowerCase(Locale.ROOT))
			.summary("Console: " + handler.getMethod().getName() + " (" + openApiPath(pattern).substring(PREFIX.length())
					+ ")");
		Matcher variables = VARIABLE.matcher(pattern);
		while (variables.find()) {
			Schema<?> schema;
			if (variables.group(2) != null && WORDS.matcher(variables.group(2)).matches()) {
				schema = new StringSchema()._enum(List.of(variables.group(2).split("\\|")));
			}
			else {
				schema = isWholeNumber(handler, variables.group(1)) ? new IntegerSchema().format("int64")
						: new StringSchema();
			}
			operation.addParametersItem(new PathParameter().name(variables.group(1)).required(true).schema(schema));
		}
		Map<String, Boolean> fields = requestParams(handler);
		ApiResponses responses = new ApiResponses();
		if (method == PathItem.HttpMethod.POST) {
			ObjectSchema form = new ObjectSchema();
			form.addProperty(CSRF_FIELD, new StringSchema().description("the CSRF token of the page's form"));
			fields.forEach((name, required) -> form.addProperty(name, new StringSchema()));
			List<String> required = new ArrayList<>(List.of(CSRF_FIELD));
			fields.forEach((name, needed) -> {
				if (needed) {
					required.add(name);
				}
			});
			form.setRequired(required);
			operation.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType("application/x-www-form-urlencoded", new MediaType().schema(form))));
			responses.addApiResponse("302", new ApiResponse()
				.description("Done or refused: back to the page, which shows the outcome (Post/Redirect/Get)")
				.addHeaderObject("Location", new Header().schema(new StringSchema())));
			if (rendersPage(handler)) {
				responses.addApiResponse("200", page("The result page"));
			}
		}
		else {
			fields.forEach((name, required) -> operation
				.addParametersItem(new QueryParameter().name(name).required(required).schema(new StringSchema())));
			if (pattern.endsWith(".csv")) {
				responses.addApiResponse("200", new ApiResponse().description("The page's rows as CSV (RFC 4180)")
					.content(new Content().addMediaType("text/csv", new MediaType().schema(new StringSchema()))));
			}
			else if (pattern.endsWith("/download")) {
				responses.addApiResponse("200", new ApiResponse().description("The file, as stored")
					.content(new Content().addMediaType("application/octet-stream",
							new MediaType().schema(new StringSchema().format("binary")))));
			}
			else {
				responses.addApiResponse("200", page("The page (server-rendered HTML)"));
			}
		}
		return operation.responses(responses);
	}

	/** Whether the handler binds the path variable to a {@code long} or {@code int}. */
	private static boolean isWholeNumber(HandlerMethod handler, String variable) {
		for (Parameter parameter : handler.getMethod().getParameters()) {
			PathVariable path = parameter.getAnnotation(PathVariable.class);
			String name = (path == null) ? null : (StringUtils.hasText(path.name()) ? path.name() : path.value());
			if (variable.equals(name)) {
				Class<?> type = parameter.getType();
				return type == long.class || type == Long.class || type == int.class || type == Integer.class;
			}
		}
		return false;
	}

	private static ApiResponse page(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("text/html", new MediaType().schema(new StringSchema())));
	}

	/** The handler's named {@code @RequestParam}s and whether each is required (a map of all of them is not). */
	private static Map<String, Boolean> requestParams(HandlerMethod handler) {
		Map<String, Boolean> fields = new LinkedHashMap<>();
		for (Parameter parameter : handler.getMethod().getParameters()) {
			RequestParam param = parameter.getAnnotation(RequestParam.class);
			if (param == null || Map.class.isAssignableFrom(parameter.getType())) {
				continue;
			}
			String name = StringUtils.hasText(param.name()) ? param.name() : param.value();
			boolean required = param.required() && ValueConstants.DEFAULT_NONE.equals(param.defaultValue());
			fields.put(StringUtils.hasText(name) ? name : parameter.getName(), required);
		}
		return fields;
	}

	/**
	 * A POST handler that takes a {@link Model} renders a page; the others only redirect (their
	 * {@link RedirectAttributes} carry the outcome to the page).
	 */
	private static boolean rendersPage(HandlerMethod handler) {
		for (Class<?> type : handler.getMethod().getParameterTypes()) {
			if (Model.class.isAssignableFrom(type) && !RedirectAttributes.class.isAssignableFrom(type)) {
				return true;
			}
		}
		return false;
	}

}
