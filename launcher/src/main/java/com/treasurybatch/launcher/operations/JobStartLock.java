package com.treasurybatch.launcher.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * A cluster-wide lock per job name, held while a start or restart checks that the job is
 * not running and creates its execution: a PostgreSQL session advisory lock on a
 * connection of its own, so that it spans the job repository's own transactions and is
 * released if the process dies.
 *
 * <p>
 * Invariants: at most one node at a time is between "no execution of job X is running"
 * and "the new execution of job X is committed"; so two runs of one job never overlap.
 */
@Component
class JobStartLock {

	/**
	 * First key of every lock taken here, so they never collide with other advisory
	 * locks.
	 */
	private static final int LOCK_CLASS = 0x6a6f6273;

	private final DataSource dataSource;

	JobStartLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Takes the lock of one job, without waiting.
	 * @return the held lock; close it once the new execution is committed
	 * @throws OperationRefusedException ({@link Refusal#ALREADY_RUNNING}) if another
	 * start of the job holds it
	 * @throws DataAccessResourceFailureException if the database cannot be reached
	 */
	Held tryAcquire(String jobName) {
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			connection.setAutoCommit(true);
			if (!call(connection, "SELECT pg_try_advisory_lock(?, hashtext(?))", jobName)) {
				connection.close();
				throw new OperationRefusedException(Refusal.ALREADY_RUNNING, "job " + jobName
						+ " is being started or restarted by someone else right now; look at its executions and retry");
			}
			return new Held(connection, jobName);
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new DataAccessResourceFailureException("Could not take the start lock of job " + jobName, ex);
		}
	}

	private static boolean call(Connection connection, String sql, String jobName) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, LOCK_CLASS);
			statement.setString(2, jobName);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getBoolean(1);
			}
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// the connection is broken: the session, and with it the lock, is gone
			}
		}
	}

	/**
	 * Ends the session itself, so that PostgreSQL releases its locks even if unlocking
	 * failed.
	 */
	private static void abortQuietly(Connection connection) {
		try {
			connection.abort(Runnable::run);
		}
		catch (SQLException ex) {
			// already broken: the session, and with it the lock, is gone
		}
	}

	/**
	 * A held job lock; closing it releases the lock and returns the connection to the
	 * pool.
	 */
	static final class Held implements AutoCloseable {

		private final Connection connection;

		private final String jobName;

		private Held(Connection connection, String jobName) {
			this.connection = connection;
			this.jobName = jobName;
		}

		/**
		 * Releases the lock.
		 * @throws IllegalStateException if the lock was not held by this session any more
		 */
		@Override
		public void close() {
			try {
				if (!call(this.connection, "SELECT pg_advisory_unlock(?, hashtext(?))", this.jobName)) {
					throw new IllegalStateException("Start lock of job " + this.jobName + " was not held");
				}
			}
			catch (SQLException ex) {
				abortQuietly(this.connection);
			}
			finally {
				closeQuietly(this.connection);
			}
		}

	}

}
