/** The {@code alert-delivery} job: open alerts sent by email and to Slack, once per channel. */
package com.treasurybatch.jobs.alerts;
