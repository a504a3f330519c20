package com.treasurybatch.launcher.testing;

import java.util.concurrent.atomic.AtomicInteger;

/** Tells {@link TestJobs#CHUNKS} to fail when it processes a given item. */
public class FailureSwitch {

	private final AtomicInteger failAt = new AtomicInteger();

	/** Fail when processing this item (1-based). */
	public void failAt(int item) {
		this.failAt.set(item);
	}

	/** Never fail. */
	public void clear() {
		this.failAt.set(0);
	}

	int failAt() {
		return this.failAt.get();
	}

}
