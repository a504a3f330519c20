/**
 * Partitioned steps on one node or across nodes. {@link com.treasurybatch.shared.partitioning.PartitionHandlers}
 * gives a partitioned step its handler: local threads, or (with {@code treasury.partitioning.mode=remote})
 * spring-batch-integration's remote partitioning, whose requests travel through a PostgreSQL table
 * (spring-integration-jdbc's {@code JdbcChannelMessageStore}) that every node's workers poll. No broker, no
 * coordination of our own: PostgreSQL's row locks hand each request to one worker, and a worker that dies gives its
 * request back with its session.
 */
package com.treasurybatch.shared.partitioning;
