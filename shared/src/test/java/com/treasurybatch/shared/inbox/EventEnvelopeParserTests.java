package com.treasurybatch.shared.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

import com.treasurybatch.shared.testing.StripeFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventEnvelopeParserTests {

	private final EventEnvelopeParser parser = new EventEnvelopeParser();

	@Test
	void every_fixture_kind_and_api_version_parses_to_its_envelope() {
		for (String name : StripeFixtures.ALL) {
			EventEnvelope envelope = this.parser.parse(StripeFixtures.bytes(name));
			assertThat(envelope.type()).isEqualTo(name);
			assertThat(envelope.eventId()).startsWith("evt_1TB");
			assertThat(envelope.apiVersion()).isIn("2018-02-28", "2020-03-02", "2020-08-27", "2026-04-22.dahlia");
		}
	}

	@Test
	void connect_event_carries_its_account_and_livemode() {
		EventEnvelope envelope = this.parser.parse(StripeFixtures.bytes("payout.paid"));
		assertThat(envelope.eventId()).isEqualTo("evt_1TBBCO8O7EYJJ24RTDuD3vh9");
		assertThat(envelope.account()).isEqualTo("acct_1TB7wa6QCfmtORJN");
		assertThat(envelope.apiVersion()).isEqualTo("2018-02-28");
		assertThat(envelope.livemode()).isTrue();
		assertThat(envelope.created()).isEqualTo(Instant.parse("2018-06-18T12:02:53Z"));
	}

	@Test
	void platform_event_has_no_account_and_nested_ids_do_not_leak_into_the_envelope() {
		EventEnvelope envelope = this.parser.parse(StripeFixtures.bytes("charge.dispute.created"));
		assertThat(envelope.eventId()).isEqualTo("evt_1TBXYd6Jc396ojVJ0X4QAq7y");
		assertThat(envelope.account()).isNull();
		assertThat(envelope.apiVersion()).isEqualTo("2026-04-22.dahlia");
		assertThat(envelope.livemode()).isFalse();
	}

	@Test
	void minimal_event_without_optional_fields_is_accepted() {
		EventEnvelope envelope = parse("{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"x.y\",\"created\":1700000000}");
		assertThat(envelope).isEqualTo(
				new EventEnvelope("evt_1", "x.y", Instant.ofEpochSecond(1_700_000_000L), null, null, false));
	}

	@Test
	void one_pass_hands_data_to_its_reader_and_still_reads_the_fields_after_it() {
		ObjectReader trees = new ObjectMapper().readerFor(JsonNode.class)
			.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		List<JsonNode> data = new ArrayList<>();
		EventEnvelope envelope = this.parser.parse(("{\"object\":\"event\",\"id\":\"evt_1\",\"data\":{\"object\":"
				+ "{\"id\":\"cs_1\",\"amount_total\":2500}},\"type\":\"checkout.session.completed\","
				+ "\"created\":1700000000,\"account\":\"acct_1\"}").getBytes(StandardCharsets.UTF_8),
				(parser) -> data.add(trees.readValue(parser)));
		assertThat(envelope).isEqualTo(new EventEnvelope("evt_1", "checkout.session.completed",
				Instant.ofEpochSecond(1_700_000_000L), null, "acct_1", false));
		assertThat(data).hasSize(1);
		assertThat(data.get(0).path("object").path("amount_total").asLong()).isEqualTo(2500);
	}

	@Test
	void one_pass_with_a_broken_data_value_is_not_json() {
		ObjectReader trees = new ObjectMapper().readerFor(JsonNode.class)
			.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		byte[] body = "{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1,\"data\":{\"object\":]}}"
			.getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.parser.parse(body, (parser) -> trees.readValue(parser)))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(InvalidEventException.Kind.NOT_JSON));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "{", "not json", "{\"id\":}", "{\"object\":\"event\"} {}", "{\"a\":1]",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1,\"x\":NaN}" })
	void malformed_json_is_not_json(String body) {
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> parse(body))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(InvalidEventException.Kind.NOT_JSON))
			.satisfies((ex) -> assertThat(ex.reason()).doesNotContain("\n").isNotBlank());
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "\"evt_1\"", "42", "{}",
			"{\"object\":\"charge\",\"id\":\"ch_1\",\"type\":\"t\",\"created\":1700000000}",
			"{\"id\":\"evt_1\",\"type\":\"t\",\"created\":1700000000}",
			"{\"object\":\"event\",\"id\":\"ch_1\",\"type\":\"t\",\"created\":1700000000}",
			"{\"object\":\"event\",\"id\":\"evt_\",\"type\":\"t\",\"created\":1700000000}",
			"{\"object\":\"event\",\"id\":7,\"type\":\"t\",\"created\":1700000000}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"\",\"created\":1700000000}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"created\":1700000000}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\"}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":\"1700000000\"}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1700000000.5}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":-5}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":99999999999999999999999}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1700000000,\"livemode\":\"yes\"}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1700000000,\"account\":{}}",
			"{\"object\":\"event\",\"id\":\"evt_1\",\"id\":\"evt_2\",\"type\":\"t\",\"created\":1700000000}" })
	void json_that_is_not_a_stripe_event_is_refused_with_a_reason(String body) {
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> parse(body))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(InvalidEventException.Kind.NOT_AN_EVENT))
			.satisfies((ex) -> assertThat(ex.reason()).doesNotContain("\n").isNotBlank());
	}

	@Test
	void reason_names_the_wrong_object() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> parse("{\"object\":\"charge\",\"id\":\"ch_1\",\"type\":\"t\",\"created\":1}"))
			.withMessage("\"object\" is \"charge\", expected \"event\"");
	}

	@Test
	void escapes_jsonb_cannot_store_are_refused_and_look_alikes_are_not() {
		String nul = "{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1,\"d\":\"a\\u0000b\"}";
		String lone = "{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1,\"d\":\"\\ud83d x\"}";
		String escapedBackslash = "{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1,\"d\":\"\\\\u0000\"}";
		String pair = "{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1,\"d\":\"\\ud83d\\ude00\"}";
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> parse(nul))
			.withMessageContaining("\\u0000");
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> parse(lone))
			.withMessageContaining("surrogate");
		assertThat(parse(escapedBackslash).eventId()).isEqualTo("evt_1");
		assertThat(parse(pair).eventId()).isEqualTo("evt_1");
	}

	@Test
	void byte_order_mark_is_refused() {
		byte[] body = ("\uFEFF{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1}")
			.getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> this.parser.parse(body))
			.withMessageContaining("byte order mark");
	}

	@Test
	void nesting_deeper_than_the_limit_is_not_json() {
		String deep = "[".repeat(EventEnvelopeParser.NESTING_DEPTH_MAX + 1)
				+ "]".repeat(EventEnvelopeParser.NESTING_DEPTH_MAX + 1);
		String body = "{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"t\",\"created\":1,\"d\":" + deep + "}";
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> parse(body))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(InvalidEventException.Kind.NOT_JSON));
	}

	private EventEnvelope parse(String body) {
		return this.parser.parse(body.getBytes(StandardCharsets.UTF_8));
	}

}
