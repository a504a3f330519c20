package com.treasurybatch.shared.disputes;

import java.time.Instant;

/**
 * An operator's note on a dispute ({@code dispute_notes}).
 *
 * @param id the note's id
 * @param disputeId {@code du_...}
 * @param author who wrote it
 * @param note the text, 1 to 4000 characters
 * @param createdAt when (UTC)
 */
public record DisputeNote(long id, String disputeId, String author, String note, Instant createdAt) {
}
