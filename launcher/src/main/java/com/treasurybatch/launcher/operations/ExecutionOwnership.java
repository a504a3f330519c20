package com.treasurybatch.launcher.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code batch_execution_owners} table: which node started which execution, and who
 * recovered it after that node died.
 *
 * <p>
 * Invariants: an execution has at most one owner row; it is recovered at most once
 * ({@link #claimRecovery} succeeds for one node only, even when several look at the same
 * time).
 */
@Repository
class ExecutionOwnership {

	private static final String RUNNING = "('STARTING', 'STARTED', 'STOPPING')";

	private final JdbcClient jdbc;

	private final BatchNode self;

	ExecutionOwnership(JdbcClient jdbc, BatchNode self) {
		this.jdbc = jdbc;
		this.self = self;
	}

	/** Records that {@code node} started the execution. */
	void own(long executionId, BatchNode node) {
		this.jdbc.sql("INSERT INTO batch_execution_owners (job_execution_id, node_id, host, pid) VALUES (?, ?, ?, ?)")
			.params(executionId, node.nodeId(), node.host(), node.pid())
			.update();
	}

	/**
	 * The owner of an execution and whether its node lives.
	 * @param deadAfter a node whose heartbeat is older than this is dead
	 * @return the owner, or empty for an execution started outside this service
	 */
	Optional<ExecutionOwner> find(long executionId, Duration deadAfter) {
		return this.jdbc.sql("""
				SELECT o.node_id, o.host, o.pid, n.heartbeat_at, o.recovered_by_node, o.recovered_at,
				       coalesce(n.heartbeat_at >= now() - make_interval(secs => ?), false) AS alive,
				       coalesce(floor(extract(epoch FROM now() - n.heartbeat_at))::bigint, -1) AS heartbeat_age
				FROM batch_execution_owners o LEFT JOIN batch_nodes n ON n.node_id = o.node_id
				WHERE o.job_execution_id = ?""")
			.params((double) deadAfter.toSeconds(), executionId)
			.query(this::owner)
			.optional();
	}

	/**
	 * Running executions, not yet recovered, owned by another node on this host whose process no longer exists
	 * (killed, crashed): dead whatever their heartbeat says, so they need not wait for it to go stale. A pid
	 * that was reused by an unrelated process counts as alive, and the heartbeat rule decides.
	 * @return their ids, oldest first
	 */
	List<Long> ownedByGoneProcessesOnThisHost() {
		return this.jdbc.sql("""
				SELECT o.job_execution_id, o.pid
				FROM batch_execution_owners o JOIN batch_job_execution e ON e.job_execution_id = o.job_execution_id
				WHERE e.status IN %s AND o.recovered_at IS NULL AND o.host = ? AND o.node_id <> ?
				ORDER BY o.job_execution_id""".formatted(RUNNING))
			.params(this.self.host(), this.self.nodeId())
			.query((rs, row) -> processGone(rs.getLong("pid")) ? rs.getLong("job_execution_id") : null)
			.list()
			.stream()
			.filter(java.util.Objects::nonNull)
			.toList();
	}

	/** Whether a process of this host (same pid namespace) with this pid no longer exists. */
	private boolean processGone(long pid) {
		return pid > 0 && pid != this.self.pid() && ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true);
	}

	/**
	 * Running executions owned by dead nodes (stale heartbeat or no node row), not yet
	 * recovered, oldest first.
	 * @param self this node, never counted as dead
	 * @param deadAfter a node whose heartbeat is older than this is dead
	 * @param limit most ids returned
	 */
	List<Long> orphans(BatchNode self, Duration deadAfter, int limit) {
		return this.jdbc.sql("""
				SELECT o.job_execution_id
				FROM batch_execution_owners o
				JOIN batch_job_execution e ON e.job_execution_id = o.job_execution_id
				LEFT JOIN batch_nodes n ON n.node_id = o.node_id
				WHERE e.status IN %s AND o.recovered_at IS NULL AND o.node_id <> ?
				  AND (n.node_id IS NULL OR n.heartbeat_at < now() - make_interval(secs => ?))
				ORDER BY o.job_execution_id
				LIMIT ?""".formatted(RUNNING))
			.params(self.nodeId(), (double) deadAfter.toSeconds(), limit)
			.query(Long.class)
			.list();
	}

	/**
	 * Running executions that no node owns (started outside this service, or by a process
	 * that died between creating the execution and recording its owner). They are
	 * reported, not recovered automatically.
	 * @param limit most ids returned
	 */
	List<Long> unowned(int limit) {
		return this.jdbc.sql("""
				SELECT e.job_execution_id FROM batch_job_execution e
				WHERE e.status IN %s
				  AND NOT EXISTS (SELECT 1 FROM batch_execution_owners o WHERE o.job_execution_id = e.job_execution_id)
				ORDER BY e.job_execution_id
				LIMIT ?""".formatted(RUNNING)).param(limit).query(Long.class).list();
	}

	/** Running executions that {@code node} owns. */
	List<Long> runningOwnedBy(BatchNode node) {
		return this.jdbc.sql("""
				SELECT o.job_execution_id
				FROM batch_execution_owners o JOIN batch_job_execution e ON e.job_execution_id = o.job_execution_id
				WHERE o.node_id = ? AND o.recovered_at IS NULL AND e.status IN %s
				ORDER BY o.job_execution_id""".formatted(RUNNING)).param(node.nodeId()).query(Long.class).list();
	}

	/**
	 * Claims the recovery of an execution for {@code recoverer}: inserts the owner row if
	 * there is none (an unowned execution), then marks it recovered. Call inside the
	 * transaction that recovers the execution, so that a concurrent claim waits for it
	 * and then finds the execution taken.
	 * @return whether this node won the claim ({@code false}: another node recovered it
	 * already)
	 * @throws IllegalStateException if more than one row was claimed
	 */
	boolean claimRecovery(long executionId, BatchNode recoverer) {
		this.jdbc
			.sql("""
					INSERT INTO batch_execution_owners (job_execution_id, node_id, host, pid) VALUES (?, 'unknown', 'unknown', 0)
					ON CONFLICT (job_execution_id) DO NOTHING""")
			.param(executionId)
			.update();
		int claimed = this.jdbc.sql("""
				UPDATE batch_execution_owners SET recovered_by_node = ?, recovered_at = now()
				WHERE job_execution_id = ? AND recovered_at IS NULL""")
			.params(recoverer.nodeId(), executionId)
			.update();
		if (claimed > 1) {
			throw new IllegalStateException("Claimed " + claimed + " owner rows for execution " + executionId);
		}
		return claimed == 1;
	}

	private ExecutionOwner owner(ResultSet rs, int row) throws SQLException {
		String host = rs.getString("host");
		long pid = rs.getLong("pid");
		boolean gone = host.equals(this.self.host()) && !rs.getString("node_id").equals(this.self.nodeId())
				&& processGone(pid);
		return new ExecutionOwner(rs.getString("node_id"), host, pid, rs.getBoolean("alive") && !gone,
				instant(rs, "heartbeat_at"), rs.getString("recovered_by_node"), instant(rs, "recovered_at"),
				rs.getLong("heartbeat_age"), gone);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

}
