/** The {@code hold-release} job: expired ticket holds go back on sale. */
package com.treasurybatch.jobs.holds;
