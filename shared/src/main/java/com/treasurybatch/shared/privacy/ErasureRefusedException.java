package com.treasurybatch.shared.privacy;

/** An erasure request that could not be recorded: malformed. The message never repeats the identifiers. */
public class ErasureRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** @param message why, in plain words, without personal data */
	public ErasureRefusedException(String message) {
		super(message);
	}

}
