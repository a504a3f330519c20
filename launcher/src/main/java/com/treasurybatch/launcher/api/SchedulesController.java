package com.treasurybatch.launcher.api;

import java.security.Principal;
import java.util.List;

import org.quartz.SchedulerException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.launcher.scheduling.Schedules;

/**
 * {@code /api/schedules}: the Quartz schedules, each with its name and job; reading for every role, pause, resume
 * and trigger ({@code /api/schedules/{name}/pause|resume|trigger}, name = the schedule file's name without
 * {@code .yaml}) for OPS. An unknown or disabled schedule is a 400 problem.
 */
@RestController
@RequestMapping("/api/schedules")
class SchedulesController {

	private final Schedules schedules;

	SchedulesController(Schedules schedules) {
		this.schedules = schedules;
	}

	@GetMapping
	List<Schedules.ScheduleView> list() throws SchedulerException {
		return this.schedules.list();
	}

	@PostMapping("/{name}/pause")
	ResponseEntity<Void> pause(@PathVariable("name") String name, Principal principal) throws SchedulerException {
		this.schedules.pause(name, ApiActor.of(principal));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{name}/resume")
	ResponseEntity<Void> resume(@PathVariable("name") String name, Principal principal) throws SchedulerException {
		this.schedules.resume(name, ApiActor.of(principal));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{name}/trigger")
	ResponseEntity<Void> trigger(@PathVariable("name") String name, Principal principal) throws SchedulerException {
		this.schedules.trigger(name, ApiActor.of(principal));
		return ResponseEntity.accepted().build();
	}

}
