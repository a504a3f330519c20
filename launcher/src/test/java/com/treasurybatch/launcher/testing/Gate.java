package com.treasurybatch.launcher.testing;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps {@link TestJobs#GATE} running (one short wait per transaction) until it is
 * opened.
 */
public class Gate {

	private final AtomicBoolean open = new AtomicBoolean();

	/** Lets running and future runs finish. */
	public void open() {
		this.open.set(true);
	}

	/** Keeps runs running. */
	public void close() {
		this.open.set(false);
	}

	boolean awaitOpen() throws InterruptedException {
		Thread.sleep(20);
		return this.open.get();
	}

}
