/**
 * The append-only audit trail of operator actions: who did what, when, through which
 * channel, with which outcome.
 */
package com.treasurybatch.shared.audit;
