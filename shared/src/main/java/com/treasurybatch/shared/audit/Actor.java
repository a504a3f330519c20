package com.treasurybatch.shared.audit;

import java.util.Objects;

/**
 * Who asks for an action and through which channel: an operator at the CLI, an API user,
 * the scheduler, or the system itself.
 *
 * @param name the operator's user name, {@code scheduler} or {@code system}; not blank,
 * at most {@link #NAME_LENGTH_MAX} characters
 * @param channel how the request arrived
 */
public record Actor(String name, AuditChannel channel) {

	/** Longest accepted actor name, in characters. */
	public static final int NAME_LENGTH_MAX = 100;

	/** The system acting on its own (recovery, housekeeping). */
	public static final Actor SYSTEM = new Actor("system", AuditChannel.SYSTEM);

	/** The scheduler firing a Quartz trigger. */
	public static final Actor SCHEDULER = new Actor("scheduler", AuditChannel.SCHEDULE);

	/**
	 * Validates the name and channel.
	 * @throws IllegalArgumentException if the name is blank or longer than
	 * {@link #NAME_LENGTH_MAX}
	 */
	public Actor {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(channel, "channel");
		if (name.isBlank() || name.length() > NAME_LENGTH_MAX) {
			throw new IllegalArgumentException(
					"Actor name must be 1 to " + NAME_LENGTH_MAX + " characters: '" + name + "'");
		}
	}

}
