/** The {@code retention-emails} job: due retention tasks sent by email, each exactly once. */
package com.treasurybatch.jobs.retention;
