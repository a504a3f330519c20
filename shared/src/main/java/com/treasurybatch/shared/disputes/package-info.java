/**
 * Disputes as Stripe reports them ({@code disputes}, written by the inbox's dispute handlers), operators' notes
 * ({@code dispute_notes}), the desk's view of a dispute with its sale, payees and reserve, and the evidence
 * deadline alerts.
 */
package com.treasurybatch.shared.disputes;
