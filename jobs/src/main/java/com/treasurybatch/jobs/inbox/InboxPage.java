package com.treasurybatch.jobs.inbox;

import java.util.List;

import com.treasurybatch.shared.inbox.ClaimedInboxRow;

/**
 * The item of the inbox step: the rows one claim locked, at most the chunk size, in {@code (created, id)} order.
 * One page is one chunk, so a short page (a run that has caught up with the receiver) commits at once.
 *
 * @param rows the claimed rows, not empty
 */
record InboxPage(List<ClaimedInboxRow> rows) {

	/**
	 * Copies the list.
	 * @throws IllegalArgumentException for an empty page
	 */
	InboxPage {
		rows = List.copyOf(rows);
		if (rows.isEmpty()) {
			throw new IllegalArgumentException("an inbox page has at least one row");
		}
	}

}
