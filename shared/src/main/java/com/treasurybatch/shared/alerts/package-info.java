/** Alerts for operators: raised once per deduplication key, kept in the {@code alerts} table until acknowledged. */
package com.treasurybatch.shared.alerts;
