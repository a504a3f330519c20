/** Stripe Connect accounts of payees (hosts, artists) as Stripe last reported them. */
package com.treasurybatch.shared.accounts;
