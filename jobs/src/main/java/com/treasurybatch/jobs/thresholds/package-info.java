/** The {@code alert-thresholds} job: threshold rules evaluated every minute, raising and clearing alerts. */
package com.treasurybatch.jobs.thresholds;
