package com.treasurybatch.shared.partitioning;

import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The queue of partition requests: rows of spring-integration-jdbc's {@code int_channel_message} table (V38) in
 * region {@value #REGION}, group {@value #GROUP}, read and written only through its {@link JdbcChannelMessageStore}
 * with the PostgreSQL query provider (a poll is one {@code DELETE ... FOR UPDATE SKIP LOCKED ... RETURNING}).
 *
 * <p>A worker takes a request inside a transaction of this queue's own small pool and keeps that transaction open
 * while it runs the partition: the deleted row stays locked, so no other worker sees it; the commit at the end
 * consumes it; a worker that dies ({@code kill -9}, a lost host) loses its session, PostgreSQL rolls the delete back
 * and the request is there again for the next poll of any node. The pool is apart from the application's, so that
 * the partition's own chunks, job repository updates and Stripe bookkeeping commit in their own transactions and are
 * seen by the waiting step at once.
 */
public class PartitionRequests implements AutoCloseable {

	/** The message store region of partition requests. */
	public static final String REGION = "treasury-partitions";

	/** The message group (queue) of partition requests. */
	public static final String GROUP = "partition-requests";

	/** Packages a stored request message may contain (the store deserialises with an allow-list). */
	static final String[] ALLOWED_PATTERNS = { "java.util.*", "java.lang.*", "org.springframework.messaging.*",
			"org.springframework.integration.*", "org.springframework.batch.integration.partition.*" };

	private final HikariDataSource pool;

	private final JdbcChannelMessageStore store;

	private final DataSourceTransactionManager transactionManager;

	private final JdbcTemplate jdbc;

	/**
	 * @param application the application's data source: its URL and credentials open this queue's own pool (a
	 * {@link HikariDataSource}, possibly wrapped)
	 * @param connections the pool's size: the node's worker threads, plus one for sending and counting
	 * @throws IllegalStateException when the application's data source is not a Hikari pool
	 */
	public PartitionRequests(DataSource application, int connections) {
		HikariDataSource hikari = unwrap(application);
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(hikari.getJdbcUrl());
		config.setUsername(hikari.getUsername());
		config.setPassword(hikari.getPassword());
		config.setPoolName("partition-requests");
		config.setMaximumPoolSize(connections);
		config.setMinimumIdle(1);
		config.addDataSourceProperty("ApplicationName", "treasury-partition-requests");
		config.addDataSourceProperty("tcpKeepAlive", "true");
		this.pool = new HikariDataSource(config);
		this.store = new JdbcChannelMessageStore(this.pool);
		this.store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
		this.store.setRegion(REGION);
		this.store.addAllowedPatterns(ALLOWED_PATTERNS);
		this.store.afterPropertiesSet();
		this.transactionManager = new DataSourceTransactionManager(this.pool);
		this.jdbc = new JdbcTemplate(this.pool);
	}

	/** A queue over the stored requests, for a {@code QueueChannel}. */
	public MessageGroupQueue queue() {
		return new MessageGroupQueue(this.store, GROUP);
	}

	/** Transactions on this queue's pool: a worker's poll, held while it runs the partition. */
	public PlatformTransactionManager transactionManager() {
		return this.transactionManager;
	}

	/**
	 * Makes the current poll transaction immune to a server-side {@code idle_in_transaction_session_timeout}: the
	 * transaction is idle on purpose while the partition runs, and a timeout would hand the request to a second
	 * worker while the first still runs it. Call inside the poll transaction.
	 */
	public void keepTransactionWhileRunning() {
		this.jdbc.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
	}

	/** Requests waiting for a worker (not counting those a worker holds). */
	public int waiting() {
		return this.store.messageGroupSize(GROUP);
	}

	@Override
	public void close() {
		this.pool.close();
	}

	private static HikariDataSource unwrap(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari) {
			return hikari;
		}
		try {
			if (dataSource.isWrapperFor(HikariDataSource.class)) {
				return dataSource.unwrap(HikariDataSource.class);
			}
		}
		catch (SQLException ex) {
			// not a wrapper of a Hikari pool: refused below
		}
		throw new IllegalStateException("Remote partitioning needs the application's data source to be a Hikari pool"
				+ " (it opens its own from the same URL and credentials); found " + dataSource.getClass().getName());
	}

}
