package com.treasurybatch.launcher.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.quartz.SchedulerException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

import com.treasurybatch.jobs.reconciliation.Reconciliations;
import com.treasurybatch.launcher.operations.ExecutionHistory;
import com.treasurybatch.launcher.operations.ExecutionSearch;
import com.treasurybatch.launcher.scheduling.Schedules;
import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.inbox.WebhookInbox;

/**
 * {@code GET /console}: the overview (inbox depth and oldest waiting age, running executions with live progress,
 * failed runs of the last 24 hours, open alerts by severity, each schedule's next fire, today's reconciliation);
 * {@code GET /console/fragments/running}: the running executions alone, which the overview reloads every two
 * seconds; {@code /console/login} and {@code /console/denied}.
 */
@Controller
class ConsoleOverviewController {

	/** Running executions shown with their steps. */
	static final int RUNNING_MAX = 20;

	/** Failed runs listed. */
	static final int FAILED_MAX = 50;

	/** Open alerts counted. */
	static final int OPEN_ALERTS_MAX = 1000;

	private final ExecutionHistory history;

	private final WebhookInbox inbox;

	private final Alerts alerts;

	private final Schedules schedules;

	private final Reconciliations reconciliations;

	private final Clock clock;

	private final ZoneId zone;

	ConsoleOverviewController(ExecutionHistory history, WebhookInbox inbox, Alerts alerts, Schedules schedules,
			Reconciliations reconciliations, Clock clock, @Value("${treasury.zone:UTC}") String zone) {
		this.history = history;
		this.inbox = inbox;
		this.alerts = alerts;
		this.schedules = schedules;
		this.reconciliations = reconciliations;
		this.clock = clock;
		this.zone = ZoneId.of(zone);
	}

	@GetMapping("/console")
	String overview(Model model, Authentication authentication) throws SchedulerException {
		ConsoleUser user = ConsoleUser.of(authentication);
		Instant now = this.clock.instant();
		if (user.operationsReader()) {
			model.addAttribute("backlog", this.inbox.backlog());
			Map<Severity, Long> bySeverity = new LinkedHashMap<>();
			for (Severity severity : Severity.values()) {
				bySeverity.put(severity, 0L);
			}
			for (Alert alert : this.alerts.latest(true, OPEN_ALERTS_MAX)) {
				bySeverity.merge(alert.severity(), 1L, Long::sum);
			}
			model.addAttribute("alertsBySeverity", bySeverity);
		}
		model.addAttribute("running", this.history.running(RUNNING_MAX));
		model.addAttribute("failed", this.history.search(new ExecutionSearch(null, "FAILED",
				now.minus(Duration.ofHours(24)), null, null, null, null, FAILED_MAX)));
		model.addAttribute("schedules", this.schedules.list()
			.stream()
			.filter((schedule) -> schedule.nextFire() != null)
			.sorted(Comparator.comparing(Schedules.ScheduleView::nextFire))
			.toList());
		LocalDate today = LocalDate.ofInstant(now, this.zone);
		model.addAttribute("today", today);
		model.addAttribute("reconciliation", this.reconciliations.find(today).orElse(null));
		model.addAttribute("now", now);
		return "console/overview";
	}

	@GetMapping("/console/fragments/running")
	String running(Model model) {
		model.addAttribute("running", this.history.running(RUNNING_MAX));
		return "console/overview :: running";
	}

	@GetMapping("/console/login")
	String login() {
		return "console/login";
	}

	/**
	 * Where the console sends a signed-in user to a page their role may not see: 403, the page for a browser (an
	 * {@code Accept} naming {@code text/html}), an RFC 9457 problem for anything else.
	 */
	@GetMapping("/console/denied")
	String denied(@RequestHeader(name = "Accept", required = false) String accept, HttpServletResponse response) {
		if (accept == null || !accept.contains("text/html")) {
			throw new ErrorResponseException(HttpStatus.FORBIDDEN,
					ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your role may not see this console page"),
					null);
		}
		response.setStatus(HttpStatus.FORBIDDEN.value());
		return "console/denied";
	}


}
