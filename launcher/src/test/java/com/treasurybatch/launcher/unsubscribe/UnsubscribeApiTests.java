package com.treasurybatch.launcher.unsubscribe;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.mail.UnsubscribeTokens;
import com.treasurybatch.shared.retention.Contacts;
import com.treasurybatch.shared.retention.RetentionTasks;
import com.treasurybatch.shared.retention.TaskKind;
import com.treasurybatch.shared.retention.Unsubscribes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The public RFC 8058 one-click unsubscribe (no login, no cookie, no redirect, signed token) and the retention
 * figures read by role.
 */
@OperationsTest
class UnsubscribeApiTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	UnsubscribeTokens tokens;

	@Autowired
	Contacts contacts;

	@Autowired
	RetentionTasks tasks;

	@Autowired
	Unsubscribes unsubscribes;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void a_one_click_post_without_session_unsubscribes_and_cancels_the_pending_emails() throws Exception {
		String contact = this.contacts.upsert("one-click@buyer.example", "Sam", "DE", null);
		Instant due = Instant.parse("2026-12-01T11:00:00Z");
		this.tasks.schedule(TaskKind.ABANDONED_CHECKOUT, "do_oneClick1", contact,
				List.of(due, due.plusSeconds(86_400)), null);
		String token = this.tokens.sign(contact, RetentionTasks.MARKETING_LIST);

		this.mvc.perform(get("/unsubscribe/{token}", token))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("<form method=\"post\">")));
		assertThat(this.unsubscribes.isUnsubscribed(contact, "marketing")).as("a GET never unsubscribes").isFalse();

		MvcResult result = this.mvc
			.perform(post("/unsubscribe/{token}", token).contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("List-Unsubscribe=One-Click"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("unsubscribed")))
			.andReturn();

		assertThat(result.getResponse().getHeader("Set-Cookie")).isNull();
		assertThat(result.getResponse().getHeader("Location")).isNull();
		assertThat(result.getResponse().getCookies()).isEmpty();
		assertThat(this.unsubscribes.isUnsubscribed(contact, "marketing")).isTrue();
		assertThat(this.jdbc.queryForList("SELECT status FROM retention_tasks WHERE subject = 'do_oneClick1'",
				String.class))
			.containsOnly("CANCELLED");
		this.mvc.perform(post("/unsubscribe/{token}", token).contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("List-Unsubscribe=One-Click")).andExpect(status().isOk());
	}

	@Test
	void a_forged_or_altered_token_changes_nothing() throws Exception {
		String contact = this.contacts.upsert("forged@buyer.example", null, null, null);
		String token = this.tokens.sign(contact, RetentionTasks.MARKETING_LIST);
		String altered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

		this.mvc.perform(post("/unsubscribe/{token}", altered)).andExpect(status().isNotFound());
		this.mvc.perform(post("/unsubscribe/{token}", "not-a-token")).andExpect(status().isNotFound());

		assertThat(this.unsubscribes.isUnsubscribed(contact, "marketing")).isFalse();
	}

	@Test
	void retention_figures_are_read_by_every_role_and_by_nobody_anonymous() throws Exception {
		for (String user : List.of("ops", "finance", "auditor")) {
			this.mvc.perform(get("/api/retention/daily").param("days", "7").with(httpBasic(user, user + "-password")))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$").isArray());
		}
		this.mvc.perform(get("/api/retention/daily")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/retention/daily").param("days", "0").with(httpBasic("ops", "ops-password")))
			.andExpect(status().isBadRequest());
	}

}
