package com.treasurybatch.shared.ledger;

/**
 * A balance snapshot being made does not equal the direct sum of the postings: the previous snapshot was changed,
 * or postings were. The message names each account and currency with both figures. Nothing was written.
 */
public class SnapshotMismatchException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message which accounts differ, with the snapshot's and the postings' figures
	 */
	public SnapshotMismatchException(String message) {
		super(message);
	}

}
