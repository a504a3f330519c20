package com.treasurybatch.launcher.unsubscribe;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.mail.UnsubscribeTokens;
import com.treasurybatch.shared.retention.Unsubscribes;

/**
 * {@code /unsubscribe/{token}}, public: the URL of a retention email's {@code List-Unsubscribe} header.
 *
 * <ul>
 * <li>{@code POST}: RFC 8058 one-click (mail clients post {@code List-Unsubscribe=One-Click}; a form posts the
 * same): unsubscribes at once, 200 with a short text, no login, no cookie, no redirect. Idempotent.</li>
 * <li>{@code GET}: the page the email's footer link opens: a button that posts. A GET never unsubscribes (link
 * scanners and prefetchers follow links, RFC 8058 section 3.2).</li>
 * </ul>
 * A token with a wrong signature gets a 404 problem (RFC 9457) and changes nothing.
 */
@RestController
class UnsubscribeController {

	private final UnsubscribeTokens tokens;

	private final Unsubscribes unsubscribes;

	UnsubscribeController(UnsubscribeTokens tokens, Unsubscribes unsubscribes) {
		this.tokens = tokens;
		this.unsubscribes = unsubscribes;
	}

	@PostMapping("/unsubscribe/{token}")
	ResponseEntity<String> unsubscribe(@PathVariable String token) {
		return this.tokens.verify(token).map((request) -> {
			this.unsubscribes.unsubscribe(request.contactId(), request.list(), "one-click");
			return text(HttpStatus.OK, "You are unsubscribed: no more " + request.list() + " emails will be sent.\n");
		}).orElseGet(UnsubscribeController::notValid);
	}

	@GetMapping("/unsubscribe/{token}")
	ResponseEntity<String> page(@PathVariable String token) {
		if (this.tokens.verify(token).isEmpty()) {
			return notValid();
		}
		String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>"
				+ "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
				+ "<p>Stop receiving reminder emails?</p><button type=\"submit\">Unsubscribe</button></form>"
				+ "</body></html>";
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.body(html);
	}

	/** A token with a wrong signature: a 404 problem (RFC 9457), nothing changed. */
	private static ResponseEntity<String> notValid() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
					+ "\"detail\":\"This unsubscribe link is not valid.\"}");
	}

	private static ResponseEntity<String> text(HttpStatus status, String body) {
		return ResponseEntity.status(status)
			.cacheControl(CacheControl.noStore())
			.contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
			.body(body);
	}

}
