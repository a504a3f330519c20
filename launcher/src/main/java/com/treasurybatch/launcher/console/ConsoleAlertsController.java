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
import com.treasurybatch.shared.alerts.AlertWork;
import com.treasurybatch.shared.alerts.Alerts;

/**
 * {@code GET /console/alerts} ({@code all=true}: acknowledged and resolved ones too; {@code .csv}); OPS: {@code POST
 * /console/alerts/{id}/ack} through {@link AlertAcknowledgements}, {@code /assign} (form field {@code assignee}) and
 * {@code /resolve} (form field {@code note}) through {@link AlertWork}, the services of the API and CLI; each is
 * audited with channel {@code console}. A refusal (unknown alert, resolved before, blank field) comes back as a
 * message on the page, changing nothing.
 */
@Controller
class ConsoleAlertsController {

	/** Alerts listed. */
	static final int ALERTS_MAX = 200;

	private final Alerts alerts;

	private final AlertAcknowledgements acknowledgements;

	private final AlertWork work;

	ConsoleAlertsController(Alerts alerts, AlertAcknowledgements acknowledgements, AlertWork work) {
		this.alerts = alerts;
		this.acknowledgements = acknowledgements;
		this.work = work;
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
						"acknowledged_by", "assigned_to", "resolved_at", "resolved_by", "resolution_note" },
				this.alerts.latest(!all, ALERTS_MAX)
					.stream()
					.map((a) -> new String[] { String.valueOf(a.id()), a.severity().name(), a.kind(), a.subject(),
							a.message(), CsvFiles.text(a.createdAt()), CsvFiles.text(a.acknowledgedAt()),
							CsvFiles.text(a.acknowledgedBy()), CsvFiles.text(a.assignedTo()),
							CsvFiles.text(a.resolvedAt()), CsvFiles.text(a.resolvedBy()),
							CsvFiles.text(a.resolutionNote()) })
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

	@PostMapping("/console/alerts/{id}/assign")
	String assign(@PathVariable("id") long id, @RequestParam(name = "assignee", defaultValue = "") String assignee,
			@RequestParam(name = "all", defaultValue = "false") boolean all, Principal principal,
			RedirectAttributes redirect) {
		if (assignee.isBlank()) {
			redirect.addFlashAttribute("problem", "Say who works alert " + id + ".");
		}
		else {
			flash(redirect, id, this.work.assign(id, assignee.strip(), ConsoleActor.of(principal)),
					"Assigned alert " + id + " to " + assignee.strip() + ".");
		}
		return back(all);
	}

	@PostMapping("/console/alerts/{id}/resolve")
	String resolve(@PathVariable("id") long id, @RequestParam(name = "note", defaultValue = "") String note,
			@RequestParam(name = "all", defaultValue = "false") boolean all, Principal principal,
			RedirectAttributes redirect) {
		if (note.isBlank()) {
			redirect.addFlashAttribute("problem", "Say why alert " + id + " is resolved: a note is required.");
		}
		else {
			flash(redirect, id, this.work.resolve(id, note, ConsoleActor.of(principal)), "Resolved alert " + id + ".");
		}
		return back(all);
	}

	private static void flash(RedirectAttributes redirect, long id, AlertWork.Outcome outcome, String done) {
		switch (outcome) {
			case UNKNOWN -> redirect.addFlashAttribute("problem", "There is no alert " + id + ".");
			case ALREADY_RESOLVED -> redirect.addFlashAttribute("problem", "Alert " + id + " was resolved before.");
			default -> redirect.addFlashAttribute("notice", done);
		}
	}

	private static String back(boolean all) {
		return all ? "redirect:/console/alerts?all=true" : "redirect:/console/alerts";
	}

}
