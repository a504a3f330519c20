package com.treasurybatch.shared.analytics;

/**
 * One artist on a leaderboard.
 *
 * @param rank 1 for the highest total; ties share a rank
 * @param artistId the artist
 * @param events raw events counted
 * @param valueTotal sum of their values: a count, or minor units for {@code revenue}
 */
public record LeaderboardEntry(int rank, String artistId, long events, long valueTotal) {

}
