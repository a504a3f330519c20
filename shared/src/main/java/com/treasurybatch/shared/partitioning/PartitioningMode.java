package com.treasurybatch.shared.partitioning;

/** Where the partitions of a partitioned step run. */
public enum PartitioningMode {

	/** On the node that runs the step, on a bounded pool of threads. */
	LOCAL,

	/**
	 * On any node's workers: the step sends one request per partition through the database and waits, reading the
	 * job repository, until every partition has ended.
	 */
	REMOTE

}
