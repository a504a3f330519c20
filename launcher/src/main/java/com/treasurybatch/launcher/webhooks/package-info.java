/**
 * The Stripe webhook receiver ({@code POST /webhooks/stripe}), which verifies, stages into the inbox and answers,
 * and the {@code webhooks send} CLI verb that posts signed event files to it.
 */
package com.treasurybatch.launcher.webhooks;
