package com.treasurybatch.shared.reports;

/**
 * A shareable link that does not open its file, or a link operation refused. {@link #notFound()} tells a missing
 * report or link (404) from a bad signature, an expired or revoked link (403).
 */
public class LinkRefusedException extends RuntimeException {

	private final boolean notFound;

	LinkRefusedException(String message, boolean notFound) {
		super(message);
		this.notFound = notFound;
	}

	/** True when the report or link does not exist. */
	public boolean notFound() {
		return this.notFound;
	}

}
