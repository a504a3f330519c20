package com.treasurybatch.jobs.reports;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every show gets its own event report file, whatever characters its id holds. */
class EventReportFileNameTests {

	@Test
	void a_safe_show_id_is_the_file_name_and_an_unsafe_one_is_kept_apart_by_a_hash() {
		assertThat(EventReportRenderer.fileName("tour-2026.berlin_1")).isEqualTo("event-tour-2026.berlin_1.pdf");

		String slash = EventReportRenderer.fileName("tour/2026 berlin");
		String colon = EventReportRenderer.fileName("tour:2026 berlin");
		assertThat(slash).matches("event-tour_2026_berlin-[0-9a-f]{12}\\.pdf");
		assertThat(colon).matches("event-tour_2026_berlin-[0-9a-f]{12}\\.pdf").isNotEqualTo(slash);
		assertThat(EventReportRenderer.fileName("x".repeat(400))).hasSizeLessThanOrEqualTo(200)
			.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");
	}

}
