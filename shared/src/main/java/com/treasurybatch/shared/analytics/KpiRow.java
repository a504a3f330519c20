package com.treasurybatch.shared.analytics;

import java.time.Instant;

/**
 * One rollup row.
 *
 * @param bucketStart start of the UTC hour or day
 * @param type event type
 * @param artistId artist, {@code ""} when none
 * @param showId show, {@code ""} when none
 * @param city city, {@code ""} when none
 * @param genre genre, {@code ""} when none
 * @param events raw events counted
 * @param valueTotal sum of their values: a count, or minor units for {@code revenue}
 */
public record KpiRow(Instant bucketStart, String type, String artistId, String showId, String city, String genre,
		long events, long valueTotal) {

}
