package com.treasurybatch.launcher.operations;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code batch_nodes} table: which processes are alive. Heartbeats and liveness use
 * the database's clock ({@code now()}), the one clock every node shares.
 */
@Repository
class NodeRegistry {

	private final JdbcClient jdbc;

	NodeRegistry(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts this node's row (or refreshes it, if it is already there). */
	void register(BatchNode node) {
		this.jdbc.sql("""
				INSERT INTO batch_nodes (node_id, kind, host, pid) VALUES (?, ?, ?, ?)
				ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()""")
			.params(node.nodeId(), node.kind().code(), node.host(), node.pid())
			.update();
	}

	/**
	 * Refreshes this node's heartbeat.
	 * @return {@code false} if the row was gone (another node took this one for dead and
	 * removed it)
	 * @throws IllegalStateException if more than one row has this node's id
	 */
	boolean heartbeat(BatchNode node) {
		int updated = this.jdbc.sql("UPDATE batch_nodes SET heartbeat_at = now() WHERE node_id = ?")
			.param(node.nodeId())
			.update();
		if (updated > 1) {
			throw new IllegalStateException("batch_nodes has " + updated + " rows for node " + node.nodeId());
		}
		return updated == 1;
	}

	/** Removes this node's row (clean shutdown). */
	void remove(BatchNode node) {
		this.jdbc.sql("DELETE FROM batch_nodes WHERE node_id = ?").param(node.nodeId()).update();
	}

	/**
	 * Removes the rows of nodes whose heartbeat is older than {@code deadAfter}. Safe at
	 * any time: a node without a row counts as dead, like one with a stale heartbeat.
	 * @return how many rows were removed
	 */
	int removeDead(Duration deadAfter) {
		return this.jdbc.sql("DELETE FROM batch_nodes WHERE heartbeat_at < now() - make_interval(secs => ?)")
			.param((double) deadAfter.toSeconds())
			.update();
	}

}
