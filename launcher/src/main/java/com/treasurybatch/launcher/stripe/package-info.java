/**
 * The Stripe gateway bean: Stripe itself with {@code STRIPE_API_KEY}, else the local Stripe simulator on a
 * loopback port (embedded default), which also posts signed webhooks to this server's receiver.
 */
package com.treasurybatch.launcher.stripe;
