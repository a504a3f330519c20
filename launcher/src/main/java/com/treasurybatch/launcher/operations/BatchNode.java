package com.treasurybatch.launcher.operations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This process as a node that runs jobs: a fresh id per process, its kind, host and
 * process id.
 *
 * @param nodeId random UUID, new for every process
 * @param kind server or CLI
 * @param host the host name, or {@code unknown}
 * @param pid the operating-system process id
 */
record BatchNode(String nodeId, NodeKind kind, String host, long pid) {

	/** This process. */
	static BatchNode current(NodeKind kind) {
		return new BatchNode(UUID.randomUUID().toString(), kind, hostName(), ProcessHandle.current().pid());
	}

	/** How operators see the node, e.g. {@code cli node on host-1 pid 4242}. */
	String describe() {
		return kind.code() + " node on " + host + " pid " + pid;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

}
