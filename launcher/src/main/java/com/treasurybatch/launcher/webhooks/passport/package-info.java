/**
 * The Passport analytics receiver ({@code POST /webhooks/passport}): verifies the signature, stages the events into
 * {@code analytics_events} (unique by event id, unknown types and schema versions flagged) and answers.
 */
package com.treasurybatch.launcher.webhooks.passport;
