package com.treasurybatch.launcher.webhooks.passport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.treasurybatch.launcher.cli.ExitCodes;
import com.treasurybatch.launcher.cli.TreasuryCli;
import com.treasurybatch.launcher.system.TreasuryHome;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.launcher.webhooks.WebhookSecretFile;
import com.treasurybatch.shared.testing.StripeSignatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /webhooks/passport} signed with the generated secret, then the {@code analytics-rollups} job from the
 * CLI and the dashboards' API: what Passport sends is stored once, refused whole with a reason, or flagged; what the
 * job counts is what the API shows, to FINANCE and AUDITOR only.
 */
@OperationsTest
class PassportWebhookTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TreasuryHome home;

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Test
	void a_signed_batch_is_stored_once_and_unknown_types_or_schema_versions_are_flagged_not_dropped() throws Exception {
		String body = "[" + event("pw-1", "play", "art-pw", "show-pw", "2026-11-18T20:10:00Z", 1, "1") + ","
				+ event("pw-2", "hologram", "art-pw", "show-pw", "2026-11-18T20:11:00Z", 1, "1") + ","
				+ event("pw-3", "play", "art-pw", "show-pw", "2026-11-18T20:12:00Z", 1, "9") + "]";

		deliver(body, signed(body)).andExpect(status().isOk())
			.andExpect(jsonPath("$.received").value(3))
			.andExpect(jsonPath("$.stored").value(3))
			.andExpect(jsonPath("$.flagged").value(2));
		deliver(body, signed(body)).andExpect(status().isOk())
			.andExpect(jsonPath("$.stored").value(0))
			.andExpect(jsonPath("$.duplicates").value(3));

		assertThat(this.jdbc.queryForList(
				"SELECT concat_ws(' ', event_id, type, coalesce(flag, '-'), user_id) FROM analytics_events"
						+ " WHERE event_id LIKE 'pw-%' ORDER BY seq",
				String.class))
			.containsExactly("pw-1 play - user-7", "pw-2 hologram unknown_type user-7",
					"pw-3 play unknown_schema_version user-7");
		assertThat(this.meters.get("treasury.webhooks.passport.deliveries").tag("outcome", "stored").counter().count())
			.isGreaterThanOrEqualTo(2);
	}

	@Test
	void a_bad_signature_or_a_bad_event_is_refused_whole_with_its_reason() throws Exception {
		String good = event("pb-1", "vote", "art-pb", "", "2026-11-18T20:10:00Z", 1, "1");
		String body = "[" + good + "," + event("pb-2", "vote", "art-pb", "", "2026-11-18T20:10:00Z", 1, "1")
			.replace("\"value\":1", "\"value\":1.5") + "]";

		deliver(body, signed(body)).andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("event [1] pb-2: value must be an integer")));
		deliver(good, null).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Passport-Signature header is missing"));
		deliver(good, StripeSignatures.header(good.getBytes(StandardCharsets.UTF_8), Instant.now(), "not-the-secret"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("signature_mismatch"));
		deliver(good, StripeSignatures.header(good.getBytes(StandardCharsets.UTF_8), Instant.now().minusSeconds(301),
				secret()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("timestamp_outside_tolerance"));
		List<String> many = new ArrayList<>();
		for (int i = 0; i < 1_001; i++) {
			many.add(event("pb-many-" + i, "play", "art-pb", "", "2026-11-18T20:10:00Z", 1, "1"));
		}
		String tooMany = "[" + String.join(",", many) + "]";
		deliver(tooMany, signed(tooMany)).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("a batch holds 1 to 1000 events, got 1001"));

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM analytics_events WHERE event_id LIKE 'pb-%'",
				Long.class))
			.isZero();
	}

	@Test
	void events_counted_by_the_job_are_what_finance_and_auditors_read_and_nobody_else() throws Exception {
		String body = "[" + event("pa-1", "play", "art-pa1", "show-pa", "2026-11-17T09:05:00Z", 1, "1") + ","
				+ event("pa-2", "play", "art-pa1", "show-pa", "2026-11-17T09:55:00Z", 1, "1") + ","
				+ event("pa-3", "play", "art-pa2", "show-pa", "2026-11-17T10:05:00Z", 1, "1") + ","
				+ event("pa-4", "revenue", "art-pa2", "show-pa", "2026-11-17T10:06:00Z", 2_500, "1") + "]";
		deliver(body, signed(body)).andExpect(status().isOk());

		StringWriter out = new StringWriter();
		int exit = TreasuryCli.execute(this.context, new String[] { "jobs", "start", "analytics-rollups" },
				new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
		assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.OK);

		for (String user : List.of("finance", "auditor")) {
			this.mvc.perform(get("/api/analytics/kpis").param("grain", "hour").param("from", "2026-11-17")
				.param("to", "2026-11-17").param("show", "show-pa").param("type", "play")
				.with(httpBasic(user, user + "-password")))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.items.length()").value(2))
				.andExpect(jsonPath("$.items[0].bucketStart").value("2026-11-17T09:00:00Z"))
				.andExpect(jsonPath("$.items[0].events").value(2))
				.andExpect(jsonPath("$.nextOffset").doesNotExist());
			this.mvc.perform(get("/api/analytics/leaderboards").param("period", "month").param("date", "2026-11-30")
				.param("type", "play").param("show", "show-pa").param("limit", "1")
				.with(httpBasic(user, user + "-password")))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.items[0].rank").value(1))
				.andExpect(jsonPath("$.items[0].artistId").value("art-pa1"))
				.andExpect(jsonPath("$.nextOffset").value(1));
		}
		this.mvc.perform(get("/api/analytics/kpis").param("grain", "day").param("from", "2026-11-17")
			.param("to", "2026-11-17").param("show", "show-pa").param("type", "revenue")
			.with(httpBasic("finance", "finance-password")))
			.andExpect(jsonPath("$.items[0].valueTotal").value(2_500));
		this.mvc.perform(get("/api/analytics/kpis").param("grain", "week").param("from", "2026-11-17")
			.param("to", "2026-11-17").with(httpBasic("finance", "finance-password")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("grain must be day or hour, got 'week'"));
		this.mvc.perform(get("/api/analytics/kpis").param("from", "2026-11-17").param("to", "2026-11-17"))
			.andExpect(status().isUnauthorized());
	}

	private ResultActions deliver(String body, String signature) throws Exception {
		var request = post("/webhooks/passport").contentType(MediaType.APPLICATION_JSON)
			.content(body.getBytes(StandardCharsets.UTF_8));
		if (signature != null) {
			request.header("Passport-Signature", signature);
		}
		return this.mvc.perform(request);
	}

	private String signed(String body) {
		return StripeSignatures.header(body.getBytes(StandardCharsets.UTF_8), Instant.now(), secret());
	}

	private String secret() {
		return WebhookSecretFile.read(this.home, PassportWebhookConfiguration.SECRET_FILE).orElseThrow();
	}

	private static String event(String id, String type, String artist, String show, String at, long value,
			String schemaVersion) {
		return String.format("{\"event_id\":\"%s\",\"type\":\"%s\",\"timestamp\":\"%s\",\"user_id\":\"user-7\","
				+ "\"artist_id\":\"%s\",\"show_id\":\"%s\",\"city\":\"Porto\",\"genre\":\"fado\",\"value\":%d,"
				+ "\"metadata\":{\"device\":\"ios\"},\"schema_version\":\"%s\"}", id, type, at, artist, show, value,
				schemaVersion);
	}


}
