package com.treasurybatch.launcher.console;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.quartz.SchedulerException;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.treasurybatch.launcher.scheduling.Schedules;

/**
 * {@code GET /console/schedules} (and {@code .csv}): each schedule's job, cron in words, zone, next three fires,
 * paused or not; OPS: {@code POST /console/schedules/{name}/pause|resume|trigger} through {@link Schedules}.
 */
@Controller
class ConsoleSchedulesController {

	/** Next fire times shown per schedule. */
	static final int NEXT_FIRES = 3;

	private final Schedules schedules;

	private final Clock clock;

	ConsoleSchedulesController(Schedules schedules, Clock clock) {
		this.schedules = schedules;
		this.clock = clock;
	}

	/**
	 * One schedule as the page shows it.
	 * @param schedule the stored schedule
	 * @param words its cron in words
	 * @param nextFires its next fire times (UTC)
	 */
	public record ScheduleRow(Schedules.ScheduleView schedule, String words, List<Instant> nextFires) {

		/** Whether an operator paused it. */
		public boolean paused() {
			return "PAUSED".equals(this.schedule.state());
		}

	}

	@GetMapping("/console/schedules")
	String schedules(Model model) throws SchedulerException {
		model.addAttribute("rows", rows());
		return "console/schedules";
	}

	@GetMapping("/console/schedules.csv")
	ResponseEntity<byte[]> schedulesCsv() throws SchedulerException {
		return CsvFiles.of("schedules.csv",
				new String[] { "name", "job", "cron", "in_words", "zone", "state", "next_fire", "previous_fire" },
				rows().stream()
					.map((r) -> new String[] { r.schedule().name(), r.schedule().job(), r.schedule().cron(), r.words(),
							r.schedule().zone(), r.schedule().state(), CsvFiles.text(r.schedule().nextFire()),
							CsvFiles.text(r.schedule().previousFire()) })
					.toList());
	}

	@PostMapping("/console/schedules/{name}/{action:pause|resume|trigger}")
	String act(@PathVariable("name") String name, @PathVariable("action") String action, Principal principal,
			RedirectAttributes redirect) throws SchedulerException {
		try {
			switch (action) {
				case "pause" -> this.schedules.pause(name, ConsoleActor.of(principal));
				case "resume" -> this.schedules.resume(name, ConsoleActor.of(principal));
				default -> this.schedules.trigger(name, ConsoleActor.of(principal));
			}
			redirect.addFlashAttribute("notice", switch (action) {
				case "pause" -> "Paused " + name + ".";
				case "resume" -> "Resumed " + name + ".";
				default -> "Triggered " + name + ": it fires now.";
			});
		}
		catch (IllegalArgumentException ex) {
			redirect.addFlashAttribute("problem", "Refused: " + ex.getMessage());
		}
		return "redirect:/console/schedules";
	}

	private List<ScheduleRow> rows() throws SchedulerException {
		Instant now = this.clock.instant();
		return this.schedules.list()
			.stream()
			.map((s) -> new ScheduleRow(s, CronWords.describe(s.cron()),
					"PAUSED".equals(s.state()) ? List.of() : CronWords.nextFires(s.cron(), s.zone(), now, NEXT_FIRES)))
			.toList();
	}

}
