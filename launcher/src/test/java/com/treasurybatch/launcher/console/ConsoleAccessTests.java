package com.treasurybatch.launcher.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditSearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The console's security at the HTTP level: sign-in with the users file, a session, CSRF on every form, the
 * refusals (403) of what a role may not do, HTTP Basic not accepted for the console; actions audited with
 * channel {@code console}.
 */
@OperationsTest
class ConsoleAccessTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JobOperations operations;

	@Autowired
	Alerts alerts;

	@Autowired
	AuditLog audit;

	@Test
	void a_page_without_sign_in_goes_to_the_login_form_and_basic_credentials_do_not_open_it() throws Exception {
		this.mvc.perform(get("/console/executions")).andExpect(status().isFound())
			.andExpect(redirectedUrl("/console/login"));
		this.mvc.perform(get("/console/executions").with(
				org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
					.httpBasic("ops", "ops-password")))
			.andExpect(status().isFound());
		this.mvc.perform(get("/console/login")).andExpect(status().isOk());
		this.mvc.perform(get("/webjars/htmx.org/2.0.4/dist/htmx.min.js")).andExpect(status().isOk());
	}

	@Test
	void a_wrong_password_is_refused_and_a_right_one_opens_a_session() throws Exception {
		this.mvc.perform(formLogin("/console/login").user("ops").password("wrong"))
			.andExpect(redirectedUrl("/console/login?error"));
		MockHttpSession session = signIn("auditor");
		this.mvc.perform(get("/console/audit").session(session)).andExpect(status().isOk());
	}

	@Test
	void a_role_is_refused_what_it_may_not_do_with_a_403_page() throws Exception {
		MockHttpSession auditor = signIn("auditor");
		MockHttpSession finance = signIn("finance");
		this.mvc.perform(post("/console/executions/1/restart").session(auditor).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/console/jobs/start").param("job", TestJobs.CHUNKS).session(finance).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/console/alerts/1/ack").session(auditor).with(csrf())).andExpect(status().isForbidden());
		this.mvc.perform(get("/console/audit").session(finance)).andExpect(status().isForbidden());
		this.mvc.perform(get("/console/audit.csv").session(finance)).andExpect(status().isForbidden());
		this.mvc.perform(get("/console/money/reports").session(auditor)).andExpect(status().isForbidden());
		this.mvc.perform(get("/console/money/reports.csv").session(auditor)).andExpect(status().isForbidden());
		this.mvc.perform(get("/console/inbox.csv").session(finance)).andExpect(status().isForbidden());
		this.mvc.perform(get("/console/alerts.csv").session(finance)).andExpect(status().isForbidden());
		this.mvc.perform(post("/console/money/reports/1/links").session(auditor).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/console/money").session(signIn("ops"))).andExpect(status().isForbidden());
		this.mvc.perform(get("/console/money").session(auditor)).andExpect(status().isOk());
	}

	@Test
	void a_form_without_its_csrf_token_is_refused_and_changes_nothing() throws Exception {
		MockHttpSession ops = signIn("ops");
		this.mvc.perform(post("/console/jobs/start").param("job", TestJobs.CHUNKS).param("parameters",
				"date=2026-09-01").session(ops))
			.andExpect(status().isForbidden());
		assertThat(this.audit.search(new AuditSearch(null, "ops", "job.start", TestJobs.CHUNKS, null, null, 50)))
			.noneMatch((row) -> row.parameters().toString().contains("2026-09-01"));
	}

	@Test
	void ops_actions_go_through_the_operations_services_and_are_audited_with_channel_console() throws Exception {
		MockHttpSession ops = signIn("ops");
		MvcResult started = this.mvc
			.perform(post("/console/jobs/start").param("job", TestJobs.CHUNKS)
				.param("parameters", "date=2026-09-02")
				.session(ops)
				.with(csrf()))
			.andExpect(status().isFound())
			.andReturn();
		long id = Long.parseLong(started.getResponse().getRedirectedUrl().replaceAll(".*/", ""));
		awaitEnd(id);
		this.mvc.perform(post("/console/executions/{id}/abandon", id).session(ops).with(csrf()))
			.andExpect(status().isFound());
		assertThat(this.audit.search(new AuditSearch(null, "ops", "job.abandon", String.valueOf(id), null, null, 5)))
			.extracting(AuditEntry::channel, AuditEntry::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("console", "refused"));

		String key = "console-ack-" + System.nanoTime();
		this.alerts.raise(Severity.WARNING, "console_test", "evt_console_ack", "ack me", key);
		Alert alert = this.alerts.find(key);
		this.mvc.perform(post("/console/alerts/{id}/ack", alert.id()).session(ops).with(csrf()))
			.andExpect(status().isFound());
		assertThat(this.alerts.byId(alert.id()).acknowledgedBy()).isEqualTo("ops");
		assertThat(this.audit.search(new AuditSearch(null, "ops", "alert.ack", null, null, null, 5)))
			.extracting(AuditEntry::channel)
			.first()
			.isEqualTo("console");
	}

	@Test
	void ops_assigns_and_resolves_an_alert_from_the_page_and_a_blank_note_changes_nothing() throws Exception {
		MockHttpSession ops = signIn("ops");
		String key = "console-work-" + System.nanoTime();
		this.alerts.raise(Severity.CRITICAL, "console_test", "po_console_work", "work me", key);
		long id = this.alerts.find(key).id();
		String page = this.mvc.perform(get("/console/alerts").session(ops)).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("/console/alerts/" + id + "/assign", "/console/alerts/" + id + "/resolve");

		this.mvc.perform(post("/console/alerts/{id}/assign", id).param("assignee", " alice ").session(ops).with(csrf()))
			.andExpect(redirectedUrl("/console/alerts"));
		assertThat(this.alerts.byId(id).assignedTo()).isEqualTo("alice");

		this.mvc.perform(post("/console/alerts/{id}/resolve", id).param("note", "  ").param("all", "true")
				.session(ops).with(csrf()))
			.andExpect(redirectedUrl("/console/alerts?all=true"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attribute("problem", "Say why alert " + id + " is resolved: a note is required."));
		assertThat(this.alerts.byId(id).resolved()).as("a blank note resolves nothing").isFalse();

		this.mvc.perform(post("/console/alerts/{id}/resolve", id).param("note", "payout retried by hand")
				.session(ops).with(csrf()))
			.andExpect(status().isFound());
		Alert resolved = this.alerts.byId(id);
		assertThat(resolved.resolvedBy()).isEqualTo("ops");
		assertThat(resolved.resolutionNote()).isEqualTo("payout retried by hand");
		this.mvc.perform(post("/console/alerts/{id}/resolve", id).param("note", "again").session(ops).with(csrf()))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attribute("problem", "Alert " + id + " was resolved before."));
		assertThat(this.alerts.byId(id).resolutionNote()).isEqualTo("payout retried by hand");

		assertThat(this.audit.search(new AuditSearch(null, "ops", "alert.resolve", "alert:" + id, null, null, 5)))
			.extracting(AuditEntry::channel, AuditEntry::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("console", "refused"),
					org.assertj.core.groups.Tuple.tuple("console", "ok"));
		assertThat(this.audit.search(new AuditSearch(null, "ops", "alert.assign", "alert:" + id, null, null, 5)))
			.extracting(AuditEntry::channel)
			.containsExactly("console");
		String all = this.mvc.perform(get("/console/alerts").param("all", "true").session(ops))
			.andReturn().getResponse().getContentAsString();
		assertThat(all).contains("payout retried by hand").doesNotContain("/console/alerts/" + id + "/resolve");

		MockHttpSession auditor = signIn("auditor");
		this.mvc.perform(post("/console/alerts/{id}/assign", id).param("assignee", "x").session(auditor).with(csrf()))
			.andExpect(status().isForbidden());
		assertThat(this.mvc.perform(get("/console/alerts").session(auditor)).andReturn().getResponse()
			.getContentAsString()).doesNotContain("/assign\"");
	}

	@Test
	void the_audit_csv_is_an_attachment_with_a_header_and_the_filtered_rows() throws Exception {
		// an actor of this test alone: the database is shared with the other tests of the launcher
		String actor = "csv-auditee-" + System.nanoTime();
		ExecutionSummary run = this.operations.start(TestJobs.CHUNKS, Map.of("date", "2026-09-03"),
				new Actor(actor, AuditChannel.CLI));
		awaitEnd(run.id());
		String csv = this.mvc.perform(get("/console/audit.csv").param("actor", actor).session(signIn("auditor")))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", "attachment; filename=\"audit.csv\""))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(csv.lines()).first().isEqualTo("id,occurred_at,actor,channel,action,target,outcome,detail");
		assertThat(csv.lines().skip(1)).singleElement()
			.satisfies((line) -> assertThat(line).contains("," + actor + ",cli,job.start," + TestJobs.CHUNKS + ",ok,"));

		// the date filter (UTC days, "to" inclusive) keeps today's row and drops it from tomorrow on
		java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
		MockHttpSession auditor = signIn("auditor");
		assertThat(this.mvc.perform(get("/console/audit.csv").param("actor", actor).param("from", today.toString())
				.param("to", today.toString()).session(auditor)).andReturn().getResponse().getContentAsString().lines())
			.hasSize(2);
		assertThat(this.mvc.perform(get("/console/audit.csv").param("actor", actor)
				.param("from", today.plusDays(1).toString()).session(auditor)).andReturn().getResponse()
				.getContentAsString().lines()).hasSize(1);
		String executions = this.mvc.perform(get("/console/executions.csv").param("by", actor)
				.param("from", today.toString()).param("to", today.toString()).session(auditor))
			.andReturn().getResponse().getContentAsString();
		assertThat(executions.lines().skip(1)).singleElement()
			.satisfies((line) -> assertThat(line).startsWith(run.id() + "," + TestJobs.CHUNKS + ","));
		assertThat(this.mvc.perform(get("/console/executions.csv").param("by", actor)
				.param("to", today.minusDays(1).toString()).session(auditor)).andReturn().getResponse()
				.getContentAsString().lines()).hasSize(1);
	}

	private MockHttpSession signIn(String user) throws Exception {
		MvcResult result = this.mvc.perform(formLogin("/console/login").user(user).password(user + "-password"))
			.andExpect(redirectedUrl("/console"))
			.andReturn();
		return (MockHttpSession) result.getRequest().getSession(false);
	}

	private void awaitEnd(long id) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (this.operations.awaitProgress(id, Duration.ofSeconds(1)).summary().running()) {
			assertThat(Instant.now()).isBefore(deadline);
		}
	}

}
