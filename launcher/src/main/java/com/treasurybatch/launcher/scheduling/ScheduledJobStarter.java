package com.treasurybatch.launcher.scheduling;

import java.util.Map;

/**
 * Starts a Spring Batch job for a schedule fire, as actor {@code scheduler} on channel {@code schedule}, and
 * waits for it to end. Implemented over the operations service that the CLI and the API use, so a scheduled
 * run is audited and refused on overlap exactly like a manual one.
 */
@FunctionalInterface
public interface ScheduledJobStarter {

	/**
	 * @param job the Spring Batch job name
	 * @param parameters identifying job parameters, already resolved for this fire
	 * @throws RuntimeException when the run is refused or fails (the message says why)
	 */
	void start(String job, Map<String, String> parameters);

}
