/** The Stripe webhook receiver ({@code POST /webhooks/stripe}): verifies, stages into the inbox, answers; plus the {@code webhooks send} CLI verb. */
package com.treasurybatch.launcher.webhooks;
