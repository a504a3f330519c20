/**
 * The {@code gdpr-purge} job: honours erasure requests through every
 * {@link com.treasurybatch.shared.privacy.PersonalDataHolder} and applies the retention policies. See README.md.
 */
package com.treasurybatch.jobs.gdpr;
