package com.treasurybatch.launcher.health;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code scheduler} (a server node that fires schedules): UP while this node's Quartz scheduler is
 * started and not in standby, with its instance id and whether it runs clustered.
 */
@Component("scheduler")
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "spring.quartz.auto-startup", havingValue = "true", matchIfMissing = true)
class SchedulerHealthIndicator extends AbstractHealthIndicator {

	private final Scheduler scheduler;

	SchedulerHealthIndicator(Scheduler scheduler) {
		super("Scheduler health check failed");
		this.scheduler = scheduler;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws SchedulerException {
		boolean running = this.scheduler.isStarted() && !this.scheduler.isInStandbyMode()
				&& !this.scheduler.isShutdown();
		builder.status(running ? "UP" : "DOWN")
			.withDetail("instanceId", this.scheduler.getSchedulerInstanceId())
			.withDetail("clustered", this.scheduler.getMetaData().isJobStoreClustered());
	}

}
