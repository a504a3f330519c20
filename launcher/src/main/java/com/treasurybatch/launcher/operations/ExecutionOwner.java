package com.treasurybatch.launcher.operations;

import java.time.Instant;

/**
 * The node that started an execution, and whether it still lives.
 *
 * @param nodeId the owner node's id
 * @param host the owner's host
 * @param pid the owner's process id
 * @param alive whether the owner's heartbeat is fresh (younger than the dead-after
 * duration)
 * @param heartbeatAt the owner's last heartbeat (UTC), {@code null} once its node row is
 * gone
 * @param recoveredByNode the node that recovered the execution after the owner died, or
 * {@code null}
 * @param recoveredAt when it was recovered (UTC), or {@code null}
 */
public record ExecutionOwner(String nodeId, String host, long pid, boolean alive, Instant heartbeatAt,
		String recoveredByNode, Instant recoveredAt) {

	/** How operators see the owner, e.g. {@code host-1 pid 4242 (alive)}. */
	public String describe() {
		return this.host + " pid " + this.pid + (this.alive ? " (alive)" : " (gone)");
	}

}
