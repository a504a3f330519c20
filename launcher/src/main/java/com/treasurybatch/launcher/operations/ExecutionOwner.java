package com.treasurybatch.launcher.operations;

import java.time.Instant;

/**
 * The node that started an execution, and whether it still lives.
 *
 * @param nodeId the owner node's id
 * @param host the owner's host
 * @param pid the owner's process id
 * @param alive whether the owner lives: its heartbeat is fresh (younger than the dead-after duration) and, when
 * it runs on this host, its process exists
 * @param heartbeatAt the owner's last heartbeat (UTC), {@code null} once its node row is gone
 * @param recoveredByNode the node that recovered the execution after the owner died, or {@code null}
 * @param recoveredAt when it was recovered (UTC), or {@code null}
 * @param heartbeatAgeSeconds seconds since the last heartbeat by the database's clock, or -1 without a node row
 * @param processGone whether the owner ran on this host and its process no longer exists (it died, e.g.
 * {@code kill -9}, whatever its last heartbeat says)
 */
public record ExecutionOwner(String nodeId, String host, long pid, boolean alive, Instant heartbeatAt,
		String recoveredByNode, Instant recoveredAt, long heartbeatAgeSeconds, boolean processGone) {

	/**
	 * How operators see the owner, e.g. {@code host-1 pid 4242 (alive, last heartbeat 3 s ago)} or
	 * {@code host-1 pid 4242 (process gone, last heartbeat 41 s ago)}.
	 */
	public String describe() {
		String state = this.processGone ? "process gone" : (this.alive ? "alive" : "gone");
		return this.host + " pid " + this.pid + " (" + state + ", " + heartbeatText() + ")";
	}

	/** {@code last heartbeat 12 s ago}, or {@code no heartbeat row} once the node row was removed. */
	public String heartbeatText() {
		return (this.heartbeatAgeSeconds >= 0) ? "last heartbeat " + this.heartbeatAgeSeconds + " s ago"
				: "no heartbeat row";
	}

}
