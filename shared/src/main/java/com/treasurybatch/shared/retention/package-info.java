/**
 * Buyers' and payees' contacts (the only personal data), marketing consent and unsubscribes, draft orders and the
 * retention tasks that the {@code retention-emails} job sends.
 */
package com.treasurybatch.shared.retention;
