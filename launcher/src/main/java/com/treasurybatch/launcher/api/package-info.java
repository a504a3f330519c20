/**
 * The REST API under {@code /api}: the job operations and their history as JSON, errors
 * as RFC 9457 problem details.
 */
package com.treasurybatch.launcher.api;
