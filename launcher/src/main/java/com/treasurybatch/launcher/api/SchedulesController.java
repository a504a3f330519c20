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
 * {@code /api/schedules}: the Quartz schedules; reading for every role, pause, resume and trigger for OPS. An
 * unknown or disabled schedule is a 400 problem.
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

	@PostMapping("/{job}/pause")
	ResponseEntity<Void> pause(@PathVariable("job") String job, Principal principal) throws SchedulerException {
		this.schedules.pause(job, ApiActor.of(principal));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{job}/resume")
	ResponseEntity<Void> resume(@PathVariable("job") String job, Principal principal) throws SchedulerException {
		this.schedules.resume(job, ApiActor.of(principal));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{job}/trigger")
	ResponseEntity<Void> trigger(@PathVariable("job") String job, Principal principal) throws SchedulerException {
		this.schedules.trigger(job, ApiActor.of(principal));
		return ResponseEntity.accepted().build();
	}

}
