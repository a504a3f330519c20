package com.treasurybatch.launcher.console;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The schedules page's cron in words and next fires, for the shapes of the project's schedule files. */
class CronWordsTests {

	@Test
	void common_shapes_read_as_words_and_others_as_written() {
		assertThat(CronWords.describe("0 * * * * ?")).isEqualTo("every minute");
		assertThat(CronWords.describe("0 0/15 * * * ?")).isEqualTo("every 15 minutes");
		assertThat(CronWords.describe("0 35 0 * * ?")).isEqualTo("every day at 00:35");
		assertThat(CronWords.describe("0 0 6 1 * ?")).isEqualTo("on day 1 of every month at 06:00");
		assertThat(CronWords.describe("0 30 2 ? * MON")).isEqualTo("every Monday at 02:30");
		assertThat(CronWords.describe("0 0 12 ? 1 MON-FRI")).isEqualTo("0 0 12 ? 1 MON-FRI");
		assertThat(CronWords.describe(null)).isEqualTo("disabled");
	}

	@Test
	void next_fires_follow_the_zone() {
		// 00:35 in New York on 2026-12-03 (UTC-5) is 05:35 UTC; the next two follow a day apart
		assertThat(CronWords.nextFires("0 35 0 * * ?", "America/New_York", Instant.parse("2026-12-03T01:00:00Z"), 3))
			.containsExactly(Instant.parse("2026-12-03T05:35:00Z"), Instant.parse("2026-12-04T05:35:00Z"),
					Instant.parse("2026-12-05T05:35:00Z"));
		assertThat(CronWords.nextFires(null, "UTC", Instant.EPOCH, 3)).isEmpty();
	}

}
