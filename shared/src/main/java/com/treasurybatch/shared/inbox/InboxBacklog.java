package com.treasurybatch.shared.inbox;

import java.time.Duration;

/**
 * Events waiting for the inbox-processing job: how many, and how long the oldest has waited.
 *
 * @param receivedCount number of rows in status {@code RECEIVED}
 * @param oldestReceivedAge time since the oldest {@code RECEIVED} row was received (by {@code received_at}),
 * {@link Duration#ZERO} when there is none
 */
public record InboxBacklog(long receivedCount, Duration oldestReceivedAge) {

}
