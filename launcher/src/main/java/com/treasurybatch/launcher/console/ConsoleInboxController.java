package com.treasurybatch.launcher.console;

import java.security.Principal;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.treasurybatch.launcher.operations.InboxReplays;
import com.treasurybatch.launcher.operations.OperationRefusedException;
import com.treasurybatch.shared.inbox.FailedInboxEvent;
import com.treasurybatch.shared.inbox.InboxStatus;
import com.treasurybatch.shared.inbox.WebhookInbox;

/**
 * {@code GET /console/inbox}: counts by status and type, the backlog, failed events with their error ({@code
 * /console/inbox.csv}: the failed events); OPS: {@code POST /console/inbox/{eventId}/replay} through
 * {@link InboxReplays}.
 */
@Controller
class ConsoleInboxController {

	/** Failed events listed. */
	static final int FAILED_MAX = 200;

	private final WebhookInbox inbox;

	private final InboxReplays replays;

	ConsoleInboxController(WebhookInbox inbox, InboxReplays replays) {
		this.inbox = inbox;
		this.replays = replays;
	}

	@GetMapping("/console/inbox")
	String inbox(Model model) {
		model.addAttribute("statistics", this.inbox.statistics());
		model.addAttribute("failed", this.inbox.failed(FAILED_MAX));
		return "console/inbox";
	}

	@GetMapping("/console/inbox.csv")
	ResponseEntity<byte[]> failedCsv() {
		List<FailedInboxEvent> failed = this.inbox.failed(FAILED_MAX);
		return CsvFiles.of("inbox-failed.csv",
				new String[] { "event_id", "type", "created", "attempts", "next_attempt_at", "last_error" },
				failed.stream()
					.map((f) -> new String[] { f.eventId(), f.type(), CsvFiles.text(f.created()),
							String.valueOf(f.attempts()), CsvFiles.text(f.nextAttemptAt()), CsvFiles.text(f.lastError()) })
					.toList());
	}

	@PostMapping("/console/inbox/{eventId}/replay")
	String replay(@PathVariable("eventId") String eventId, Principal principal, RedirectAttributes redirect) {
		try {
			InboxStatus before = this.replays.replay(eventId, ConsoleActor.of(principal));
			redirect.addFlashAttribute("notice",
					eventId + " was " + before + "; it is RECEIVED again and the next inbox-processing run takes it.");
		}
		catch (OperationRefusedException ex) {
			redirect.addFlashAttribute("problem", "Refused: " + ex.getMessage());
		}
		return "redirect:/console/inbox";
	}

}
