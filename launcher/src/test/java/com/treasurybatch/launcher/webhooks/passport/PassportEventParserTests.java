package com.treasurybatch.launcher.webhooks.passport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.treasurybatch.shared.analytics.PassportEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What Passport sends, read field by field: checked for known schema versions, kept whole for unknown ones. */
class PassportEventParserTests {

	private final PassportEventParser parser = new PassportEventParser();

	@Test
	void one_event_with_unix_seconds_and_the_show_as_show_event_id() throws Exception {
		List<PassportEvent> events = parse("""
				{"event_id":"pe-1","type":"revenue","timestamp":1795176000,"user_id":"u-1","artist_id":"a-1",
				 "show_event_id":"s-1","value":2599,"schema_version":1}""");

		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1795176000));
			assertThat(event.showId()).isEqualTo("s-1");
			assertThat(event.value()).as("minor units").isEqualTo(2599);
			assertThat(event.city()).isEmpty();
			assertThat(event.metadataJson()).isNull();
			assertThat(event.schemaVersion()).isEqualTo("1");
		});
	}

	@Test
	void an_unknown_schema_version_is_kept_whole_even_when_its_fields_do_not_fit() throws Exception {
		List<PassportEvent> events = parse("""
				[{"event_id":"pe-2","kind":"stream","timestamp":{"ms":1},"value":"lots","schema_version":"3"}]""");

		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.classified().flag()).isEqualTo(PassportEvent.Flag.UNKNOWN_SCHEMA_VERSION);
			assertThat(event.metadataJson()).contains("\"kind\":\"stream\"").contains("\"value\":\"lots\"");
			assertThat(event.value()).isZero();
		});
	}

	@Test
	void a_bad_field_is_named_with_the_event() {
		assertThatExceptionOfType(InvalidPassportEventException.class)
			.isThrownBy(() -> parse("[{\"event_id\":\"pe-3\",\"type\":\"play\",\"timestamp\":\"yesterday\","
					+ "\"value\":1,\"schema_version\":\"1\"}]"))
			.withMessageStartingWith("event [0] pe-3: timestamp must be an ISO-8601 instant");
		assertThatExceptionOfType(InvalidPassportEventException.class)
			.isThrownBy(() -> parse("{\"event_id\":\"pe-4\",\"type\":\"play\",\"timestamp\":\"2026-11-20T10:00:00Z\","
					+ "\"city\":\"*\",\"value\":1,\"schema_version\":\"1\"}"))
			.withMessage("event pe-4: city cannot be \"*\" (it means all)");
		assertThatExceptionOfType(InvalidPassportEventException.class).isThrownBy(() -> parse("{\"type\":\"play\"}"))
			.withMessage("event: event_id is required");
		assertThatExceptionOfType(InvalidPassportEventException.class).isThrownBy(() -> parse("[1,"))
			.withMessageStartingWith("body is not JSON");
	}

	private List<PassportEvent> parse(String json) throws InvalidPassportEventException {
		return this.parser.parse(json.getBytes(StandardCharsets.UTF_8));
	}

}
