package com.treasurybatch.launcher.webhooks;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.stripe.net.Webhook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.treasurybatch.shared.inbox.EventEnvelopeParser;
import com.treasurybatch.shared.inbox.InvalidEventException;

/**
 * {@code webhooks send <file.json|dir>...}: posts each file's bytes, unchanged, to the receiver, signed like
 * Stripe signs ({@code Stripe-Signature: t=<now>,v1=<hex HMAC-SHA256 of "t.body">}, one {@code v1} per
 * configured secret, as Stripe does while a secret rolls). Prints one line per file: event id, HTTP status,
 * {@code stored} / {@code duplicate} or the reason of a rejection. Exit code 0 only if every file got a 2xx.
 *
 * <p>Secret: {@code STRIPE_WEBHOOK_SECRET} (comma-separated), else {@code TREASURY_HOME/stripe-webhook-secret}
 * as written by the server. URL: {@code --url}, else {@code TREASURY_URL}, else {@code http://localhost:8080}.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
		description = "Sign Stripe event files like Stripe does and POST them to /webhooks/stripe.")
public class WebhooksSendCommand implements Callable<Integer> {

	/** Most files sent by one run. */
	static final int FILES_MAX = 10_000;

	private static final String DEFAULT_URL = "http://localhost:8080";

	private static final JsonMapper json = JsonMapper.builder().build();

	@ParentCommand
	WebhooksCommand parent;

	@Spec
	CommandSpec spec;

	@Parameters(arity = "1..*", paramLabel = "<file.json>", description = "Event files, or directories of .json files.")
	List<Path> paths;

	@Option(names = "--url", paramLabel = "URL",
			description = "Base URL of the server (default: $TREASURY_URL, else " + DEFAULT_URL + ").")
	String url;

	@Option(names = "--timeout-seconds", defaultValue = "30", paramLabel = "SECONDS",
			description = "Connect and response timeout of each request, in seconds (default: ${DEFAULT-VALUE}).")
	int timeoutSeconds;

	private final EventEnvelopeParser parser = new EventEnvelopeParser();

	/** Picocli creates it. */
	public WebhooksSendCommand() {
	}

	/**
	 * Sends every file.
	 * @return 0 if every file got a 2xx, 1 if one did not, 2 if nothing could be sent (no secret, no file)
	 */
	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		Optional<WebhookSecrets> secrets = secrets();
		if (secrets.isEmpty()) {
			err.println("no signing secret: set " + StripeWebhookConfiguration.SECRET_VARIABLE
					+ " or start the server once to generate " + WebhookSecretFile.path(this.parent.home()));
			return 2;
		}
		List<Path> files;
		try {
			files = files();
		}
		catch (IOException | IllegalArgumentException ex) {
			err.println(ex.getMessage());
			return 2;
		}
		URI endpoint = URI.create(baseUrl().replaceAll("/+$", "") + StripeWebhookController.PATH);
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(this.timeoutSeconds))
			.build();
		boolean allAccepted = true;
		for (Path file : files) {
			allAccepted &= send(client, endpoint, file, secrets.get().values(), out);
		}
		out.flush();
		return allAccepted ? 0 : 1;
	}

	private boolean send(HttpClient client, URI endpoint, Path file, List<String> secrets, PrintWriter out) {
		byte[] body;
		try {
			body = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			out.println("-  -  cannot read: " + ex.getMessage() + "  (" + file + ")");
			return false;
		}
		String eventId = eventId(body);
		try {
			HttpRequest request = HttpRequest.newBuilder(endpoint)
				.timeout(Duration.ofSeconds(this.timeoutSeconds))
				.header("Content-Type", "application/json; charset=utf-8")
				.header("Stripe-Signature", signatureHeader(body, Webhook.Util.getTimeNow(), secrets))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			boolean accepted = response.statusCode() / 100 == 2;
			out.println(eventId + "  " + response.statusCode() + "  " + describe(response, accepted) + "  (" + file
					+ ")");
			return accepted;
		}
		catch (IOException ex) {
			out.println(eventId + "  -  not sent: " + ex + "  (" + file + ")");
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			out.println(eventId + "  -  interrupted  (" + file + ")");
			return false;
		}
	}

	/**
	 * A {@code Stripe-Signature} header as Stripe builds it: {@code t=<unix seconds>} and one
	 * {@code v1=<hex HMAC-SHA256 of "t.body">} per secret.
	 * @param body the exact bytes that will be sent, UTF-8
	 * @param timestamp unix time in seconds
	 * @param secrets signing secrets, {@code whsec_...}
	 */
	static String signatureHeader(byte[] body, long timestamp, List<String> secrets) {
		String signed = timestamp + "." + new String(body, StandardCharsets.UTF_8);
		StringBuilder header = new StringBuilder("t=").append(timestamp);
		for (String secret : secrets) {
			try {
				header.append(",v1=").append(Webhook.Util.computeHmacSha256(secret, signed));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("HMAC-SHA256 is not available", ex);
			}
		}
		return header.toString();
	}

	private String eventId(byte[] body) {
		try {
			return this.parser.parse(body).eventId();
		}
		catch (InvalidEventException ex) {
			return "-";
		}
	}

	private static String describe(HttpResponse<String> response, boolean accepted) {
		try {
			JsonNode node = json.readTree(response.body());
			JsonNode field = node.get(accepted ? "status" : "detail");
			if (field != null && field.isString()) {
				return field.asString();
			}
		}
		catch (RuntimeException ex) {
			// not JSON: show the start of the body below
		}
		String body = response.body().replaceAll("\\s+", " ").strip();
		return body.isEmpty() ? "(empty body)" : body.substring(0, Math.min(body.length(), 200));
	}

	private Optional<WebhookSecrets> secrets() {
		String variable = this.parent.environment().get(StripeWebhookConfiguration.SECRET_VARIABLE);
		if (variable != null && !variable.isBlank()) {
			return Optional.of(WebhookSecrets.parse(variable, StripeWebhookConfiguration.SECRET_VARIABLE));
		}
		return WebhookSecretFile.read(this.parent.home())
			.map((secret) -> WebhookSecrets.parse(secret, WebhookSecretFile.FILE_NAME));
	}

	private String baseUrl() {
		if (this.url != null && !this.url.isBlank()) {
			return this.url;
		}
		String variable = this.parent.environment().get("TREASURY_URL");
		return (variable != null && !variable.isBlank()) ? variable : DEFAULT_URL;
	}

	private List<Path> files() throws IOException {
		List<Path> files = new ArrayList<>();
		for (Path path : this.paths) {
			if (Files.isDirectory(path)) {
				try (Stream<Path> children = Files.list(path)) {
					children.filter((child) -> child.getFileName().toString().endsWith(".json"))
						.filter(Files::isRegularFile)
						.sorted()
						.forEach(files::add);
				}
			}
			else {
				files.add(path);
			}
			if (files.size() > FILES_MAX) {
				throw new IllegalArgumentException("more than " + FILES_MAX + " files: send them in several runs");
			}
		}
		if (files.isEmpty()) {
			throw new IllegalArgumentException("no .json file in " + this.paths);
		}
		return files;
	}

}
