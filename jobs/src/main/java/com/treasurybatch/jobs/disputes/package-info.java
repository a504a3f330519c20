/** The {@code dispute-deadlines} job: alerts before a dispute's evidence is due. */
package com.treasurybatch.jobs.disputes;
