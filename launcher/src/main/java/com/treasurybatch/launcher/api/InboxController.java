package com.treasurybatch.launcher.api;

import java.security.Principal;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.launcher.operations.InboxReplays;
import com.treasurybatch.shared.inbox.InboxStatistics;
import com.treasurybatch.shared.inbox.InboxStatus;
import com.treasurybatch.shared.inbox.WebhookInbox;

/** {@code /api/inbox}: webhook inbox statistics (OPS, AUDITOR) and replay of one event (OPS). */
@RestController
@RequestMapping("/api/inbox")
class InboxController {

	private final WebhookInbox inbox;

	private final InboxReplays replays;

	InboxController(WebhookInbox inbox, InboxReplays replays) {
		this.inbox = inbox;
		this.replays = replays;
	}

	/** Counts per status and per type, and the backlog (count and age of the oldest RECEIVED row). */
	@GetMapping("/stats")
	InboxStatistics stats() {
		return this.inbox.statistics();
	}

	/** Marks a staged event RECEIVED again; 404 problem if there is no such event. */
	@PostMapping("/events/{eventId}/replay")
	Map<String, String> replay(@PathVariable("eventId") String eventId, Principal principal) {
		InboxStatus before = this.replays.replay(eventId, ApiActor.of(principal));
		return Map.of("eventId", eventId, "previousStatus", before.name(), "status", InboxStatus.RECEIVED.name());
	}

}
