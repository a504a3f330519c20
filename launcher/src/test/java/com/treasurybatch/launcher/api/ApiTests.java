package com.treasurybatch.launcher.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.treasurybatch.launcher.testing.Gate;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.launcher.testing.WrittenItems;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@OperationsTest
class ApiTests {

	private static final Duration RUN_TIME_MAX = Duration.ofSeconds(30);

	@Autowired
	MockMvc mvc;

	@Autowired
	Gate gate;

	@Autowired
	WrittenItems written;

	@Autowired
	AuditLog auditLog;

	@AfterEach
	void letRunsEnd() {
		this.gate.open();
	}

	@Test
	void opsStartsAJobWith202AndTheExecutionCompletes() throws Exception {
		MvcResult started = this.mvc
			.perform(as("ops", post("/api/jobs/{job}/executions", TestJobs.CHUNKS))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"parameters\": {\"date\": \"2026-12-01\"}}"))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.jobName").value(TestJobs.CHUNKS))
			.andExpect(jsonPath("$.triggeredBy").value("ops"))
			.andExpect(jsonPath("$.triggeredChannel").value("api"))
			.andReturn();
		long id = id(started);
		assertThat(started.getResponse().getHeader("Location")).isEqualTo("/api/executions/" + id);

		awaitStatus("ops", id, "COMPLETED");

		this.mvc.perform(as("auditor", get("/api/executions/{id}", id)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.summary.status").value("COMPLETED"))
			.andExpect(jsonPath("$.summary.startedAt").isString())
			.andExpect(jsonPath("$.parameters[0].name").value("date"))
			.andExpect(jsonPath("$.parameters[0].identifying").value(true))
			.andExpect(jsonPath("$.steps[0].name").value("chunkStep"))
			.andExpect(jsonPath("$.steps[0].writeCount").value(TestJobs.ITEMS))
			.andExpect(jsonPath("$.owner.alive").value(true));
		assertThat(this.written.items("2026-12-01")).hasSize(TestJobs.ITEMS);
		AuditEntry audit = this.auditLog.page(new AuditQuery(null, "job.start", TestJobs.CHUNKS, 1)).get(0);
		assertThat(audit.actor()).isEqualTo("ops");
		assertThat(audit.channel()).isEqualTo("api");
		assertThat(audit.outcome()).isEqualTo("ok");
	}

	@Test
	void anonymousGets401AndOnlyHealthIsOpen() throws Exception {
		this.mvc.perform(get("/api/jobs"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("WWW-Authenticate", "Basic realm=\"treasury-batch\""))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.instance").value("/api/jobs"));
		this.mvc.perform(post("/api/jobs/{job}/executions", TestJobs.GATE)).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		this.mvc.perform(get("/api/jobs").with(httpBasic("ops", "wrong-password")))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void rolesReadWhatTheyMayAndAreRefusedTheRestWith403() throws Exception {
		this.mvc.perform(as("auditor", post("/api/jobs/{job}/executions", TestJobs.GATE)))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(403))
			.andExpect(jsonPath("$.detail")
				.value(org.hamcrest.Matchers.containsString("user auditor (roles AUDITOR) may not POST")));
		this.mvc.perform(as("finance", post("/api/executions/{id}/stop", 1))).andExpect(status().isForbidden());
		this.mvc.perform(as("finance", get("/api/audit"))).andExpect(status().isForbidden());
		this.mvc.perform(as("finance", get("/actuator/prometheus"))).andExpect(status().isForbidden());

		this.mvc.perform(as("auditor", get("/api/audit"))).andExpect(status().isOk());
		this.mvc.perform(as("auditor", get("/api/jobs")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].name").value(org.hamcrest.Matchers.hasItems(TestJobs.CHUNKS, TestJobs.GATE)));
		this.mvc.perform(as("auditor", get("/actuator/prometheus"))).andExpect(status().isOk());
		this.mvc.perform(as("finance", get("/api/jobs"))).andExpect(status().isOk());
		this.mvc.perform(as("finance", get("/api/executions"))).andExpect(status().isOk());
		this.mvc.perform(as("ops", get("/api/nothing-here"))).andExpect(status().isForbidden());

		List<AuditEntry> denied = this.auditLog.page(new AuditQuery(null, "http.denied", null, 50));
		assertThat(denied).anySatisfy((entry) -> {
			assertThat(entry.actor()).isEqualTo("auditor");
			assertThat(entry.target()).isEqualTo("POST /api/jobs/test-gate/executions");
			assertThat(entry.outcome()).isEqualTo("refused");
		});
	}

	@Test
	void aRunningJobIsNotStartedTwiceCanBeStoppedAndRestarted() throws Exception {
		this.gate.close();
		long first = id(this.mvc.perform(as("ops", post("/api/jobs/{job}/executions", TestJobs.GATE)))
			.andExpect(status().isAccepted())
			.andReturn());
		awaitStatus("ops", first, "STARTED");

		this.mvc.perform(as("ops", post("/api/jobs/{job}/executions", TestJobs.GATE)))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.refusal").value("ALREADY_RUNNING"))
			.andExpect(jsonPath("$.detail")
				.value(org.hamcrest.Matchers.containsString("job test-gate is already running: execution " + first)));
		this.mvc.perform(as("ops", post("/api/executions/{id}/abandon", first)))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.refusal").value("STILL_RUNNING"));

		this.mvc.perform(as("ops", post("/api/executions/{id}/stop", first)))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("STOPPING"));
		awaitStatus("ops", first, "STOPPED");

		long restarted = id(this.mvc.perform(as("ops", post("/api/executions/{id}/restart", first)))
			.andExpect(status().isAccepted())
			.andReturn());
		this.gate.open();
		awaitStatus("ops", restarted, "COMPLETED");

		assertThat(this.auditLog.page(new AuditQuery(null, "job.stop", String.valueOf(first), 5)))
			.extracting(AuditEntry::outcome)
			.containsExactly("ok");
		assertThat(this.auditLog.page(new AuditQuery(null, "job.restart", String.valueOf(first), 5)))
			.extracting(AuditEntry::actor, AuditEntry::channel, AuditEntry::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("ops", "api", "ok"));
	}

	@Test
	void theNextInstanceOfAnIncrementingJobGetsTheNextRunId() throws Exception {
		this.gate.open();
		long first = id(this.mvc.perform(as("ops", post("/api/jobs/{job}/executions", TestJobs.GATE)))
			.andExpect(status().isAccepted())
			.andReturn());
		awaitStatus("ops", first, "COMPLETED");
		long second = id(this.mvc.perform(as("ops", post("/api/jobs/{job}/executions", TestJobs.GATE)))
			.andExpect(status().isAccepted())
			.andReturn());
		awaitStatus("ops", second, "COMPLETED");

		long firstRunId = runId(first);
		assertThat(runId(second)).isEqualTo(firstRunId + 1);
	}

	@Test
	void invalidInputIsAProblemDetail() throws Exception {
		this.mvc.perform(as("ops", get("/api/executions").param("limit", "501")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("limit: must be less than or equal to 500"));
		this.mvc.perform(as("ops", get("/api/executions/{id}", 987654)))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.refusal").value("NO_SUCH_EXECUTION"));
		this.mvc.perform(as("ops", post("/api/jobs/{job}/executions", "no-such-job")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.matchesPattern("no job named 'no-such-job'; known jobs: ([a-z-]+, )*test-chunks, test-gate(, [a-z-]+)*")));
		this.mvc
			.perform(as("ops", post("/api/jobs/{job}/executions", TestJobs.CHUNKS))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"parameters\": {\"date\": \"2026-02-30\"}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.refusal").value("INVALID_PARAMETERS"));
		this.mvc
			.perform(as("ops", post("/api/jobs/{job}/executions", TestJobs.CHUNKS))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"parameters\": {\"\": \"x\"}}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0]").value(org.hamcrest.Matchers.startsWith("parameters")));
	}

	private long runId(long executionId) throws Exception {
		MvcResult result = this.mvc.perform(as("ops", get("/api/executions/{id}", executionId))).andReturn();
		List<Map<String, Object>> parameters = JsonPath.read(result.getResponse().getContentAsString(),
				"$.parameters[?(@.name == 'run.id')]");
		return Long.parseLong(parameters.get(0).get("value").toString());
	}

	private void awaitStatus(String user, long id, String expected) {
		await().atMost(RUN_TIME_MAX)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> this.mvc.perform(as(user, get("/api/executions/{id}", id)))
				.andExpect(jsonPath("$.summary.status").value(expected)));
	}

	private static long id(MvcResult result) throws Exception {
		return ((Number) JsonPath.read(result.getResponse().getContentAsString(), "$.id")).longValue();
	}

	private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
		return request.with(httpBasic(user, user + "-password"));
	}

}
