package com.treasurybatch.launcher.console;

import java.security.Principal;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.treasurybatch.shared.alerts.AlertAcknowledgements;
import com.treasurybatch.shared.alerts.Alerts;

/**
 * {@code GET /console/alerts} ({@code all=true}: acknowledged ones too; {@code .csv}); OPS: {@code POST
 * /console/alerts/{id}/ack} through {@link AlertAcknowledgements}.
 */
@Controller
class ConsoleAlertsController {

	/** Alerts listed. */
	static final int ALERTS_MAX = 200;

	private final Alerts alerts;

	private final AlertAcknowledgements acknowledgements;

	ConsoleAlertsController(Alerts alerts, AlertAcknowledgements acknowledgements) {
		this.alerts = alerts;
		this.acknowledgements = acknowledgements;
	}

	@GetMapping("/console/alerts")
	String alerts(@RequestParam(name = "all", defaultValue = "false") boolean all, Model model) {
		model.addAttribute("all", all);
		model.addAttribute("alerts", this.alerts.latest(!all, ALERTS_MAX));
		return "console/alerts";
	}

	@GetMapping("/console/alerts.csv")
	ResponseEntity<byte[]> alertsCsv(@RequestParam(name = "all", defaultValue = "false") boolean all) {
		return CsvFiles.of("alerts.csv",
				new String[] { "id", "severity", "kind", "subject", "message", "created_at", "acknowledged_at",
						"acknowledged_by" },
				this.alerts.latest(!all, ALERTS_MAX)
					.stream()
					.map((a) -> new String[] { String.valueOf(a.id()), a.severity().name(), a.kind(), a.subject(),
							a.message(), CsvFiles.text(a.createdAt()), CsvFiles.text(a.acknowledgedAt()),
							CsvFiles.text(a.acknowledgedBy()) })
					.toList());
	}

	@PostMapping("/console/alerts/{id}/ack")
	String acknowledge(@PathVariable("id") long id, Principal principal, RedirectAttributes redirect) {
		switch (this.acknowledgements.acknowledge(id, ConsoleActor.of(principal))) {
			case UNKNOWN -> redirect.addFlashAttribute("problem", "There is no alert " + id + ".");
			case ALREADY_ACKNOWLEDGED -> redirect.addFlashAttribute("problem", "Alert " + id + " was acknowledged before.");
			default -> redirect.addFlashAttribute("notice", "Acknowledged alert " + id + ".");
		}
		return "redirect:/console/alerts";
	}

}
