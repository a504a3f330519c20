package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.List;

import org.quartz.SchedulerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.scheduling.Schedules;
import com.treasurybatch.shared.audit.Actor;

/**
 * {@code schedules list|pause|resume|trigger}: the Quartz schedules, read and changed in the shared job store, so
 * the running server nodes see the change. pause, resume and trigger take a schedule name (the schedule file's name
 * without {@code .yaml}); a job may have several schedules.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true,
		description = "List, pause, resume or fire the job schedules.",
		subcommands = { SchedulesCommand.List.class, SchedulesCommand.Pause.class, SchedulesCommand.Resume.class,
				SchedulesCommand.Trigger.class })
class SchedulesCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(),
				"Missing subcommand: list, pause, resume or trigger");
	}

	/** {@code schedules list}. */
	@Command(name = "list", mixinStandardHelpOptions = true,
			description = "Every schedule: name, job, cron, zone, state, next and previous fire (UTC).")
	@Component
	@Scope("prototype")
	static class List extends SpringCommand {

		private final Schedules schedules;

		List(Schedules schedules) {
			this.schedules = schedules;
		}

		@Override
		public Integer call() throws SchedulerException {
			PrintWriter out = out();
			java.util.List<Schedules.ScheduleView> views = this.schedules.list();
			out.printf("%-36s %-24s %-18s %-16s %-9s %-22s %s%n", "NAME", "JOB", "CRON", "ZONE", "STATE",
					"NEXT FIRE", "PREVIOUS FIRE");
			for (Schedules.ScheduleView view : views) {
				out.printf("%-36s %-24s %-18s %-16s %-9s %-22s %s%n", view.name(), text(view.job()),
						text(view.cron()), text(view.zone()), view.state(), TextFormat.instant(view.nextFire()),
						TextFormat.instant(view.previousFire()));
			}
			if (views.isEmpty()) {
				out.println("no schedules (a server syncs schedules/*.yaml into the job store when it starts)");
			}
			out.flush();
			return ExitCodes.OK;
		}

		private static String text(String value) {
			return (value != null) ? value : "-";
		}

	}

	/** What pause, resume and trigger share: one schedule name, one audited change, one line of output. */
	abstract static class Change extends SpringCommand {

		@Parameters(index = "0", paramLabel = "NAME",
				description = "Schedule name (file name without .yaml), e.g. inbox-processing, analytics-rollups-daily.")
		String name;

		final Schedules schedules;

		private final CliActor actor;

		Change(Schedules schedules, CliActor actor) {
			this.schedules = schedules;
			this.actor = actor;
		}

		abstract String apply(Actor who) throws SchedulerException;

		@Override
		public Integer call() throws SchedulerException {
			out().println(apply(this.actor.current()));
			out().flush();
			return ExitCodes.OK;
		}

	}

	/** {@code schedules pause <name>}. */
	@Command(name = "pause", mixinStandardHelpOptions = true,
			description = "Pause one schedule on every node until resumed; the job's other schedules go on.")
	@Component
	@Scope("prototype")
	static class Pause extends Change {

		Pause(Schedules schedules, CliActor actor) {
			super(schedules, actor);
		}

		@Override
		String apply(Actor who) throws SchedulerException {
			this.schedules.pause(this.name, who);
			return "schedule " + this.name + " paused";
		}

	}

	/** {@code schedules resume <name>}. */
	@Command(name = "resume", mixinStandardHelpOptions = true,
			description = "Resume a paused schedule (a missed fire follows the schedule's misfire policy).")
	@Component
	@Scope("prototype")
	static class Resume extends Change {

		Resume(Schedules schedules, CliActor actor) {
			super(schedules, actor);
		}

		@Override
		String apply(Actor who) throws SchedulerException {
			this.schedules.resume(this.name, who);
			return "schedule " + this.name + " resumed";
		}

	}

	/** {@code schedules trigger <name>}. */
	@Command(name = "trigger", mixinStandardHelpOptions = true,
			description = "Fire a schedule once now, on whichever server node picks it up.")
	@Component
	@Scope("prototype")
	static class Trigger extends Change {

		Trigger(Schedules schedules, CliActor actor) {
			super(schedules, actor);
		}

		@Override
		String apply(Actor who) throws SchedulerException {
			this.schedules.trigger(this.name, who);
			String job = this.schedules.list()
				.stream()
				.filter((view) -> view.name().equals(this.name))
				.map(Schedules.ScheduleView::job)
				.findFirst()
				.orElse(this.name);
			return "schedule " + this.name + " fired; a running server node runs job " + job + " (see 'executions --job "
					+ job + "')";
		}

	}

}
