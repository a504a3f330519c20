package com.treasurybatch.shared.analytics;

/**
 * A total per event type, e.g. of one show.
 *
 * @param type event type
 * @param events raw events counted
 * @param valueTotal sum of their values: a count, or minor units for {@code revenue}
 */
public record KpiTotal(String type, long events, long valueTotal) {

}
