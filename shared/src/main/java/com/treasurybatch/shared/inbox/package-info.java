/**
 * The webhook inbox: Stripe events staged as received (envelope and raw payload), unique by event id, before
 * any job processes them.
 */
package com.treasurybatch.shared.inbox;
