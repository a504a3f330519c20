package com.treasurybatch.jobs.instantpayouts;

/**
 * What one run did with one request.
 *
 * @param requestId the request
 * @param result {@code paid}, {@code rejected}, {@code failed}, {@code waiting} or {@code deferred}
 * @param detail for the log: amounts, ids and reasons
 */
record InstantPayoutOutcome(long requestId, String result, String detail) {
}
