package com.treasurybatch.launcher.privacy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.treasurybatch.launcher.cli.TreasuryCli;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.privacy.ErasureDesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Erasure requests from the API (OPS only) and the CLI, both audited without the subject's identifiers; archived
 * executions listed by the CLI and the API, and {@code execution <id>} pointing at the archive file.
 */
@OperationsTest
class GdprOperatorSurfaceTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	AuditLog auditLog;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void opsRecordsAnErasureRequestOverTheApiOthersCannotAndNothingPersonalIsAudited() throws Exception {
		String body = "{\"emails\": [\"Jo.Api@Example.org\"], \"customerIds\": [\"cus_ApiSubject\"]}";
		for (String user : List.of("finance", "auditor")) {
			this.mvc.perform(as(user, post("/api/gdpr/erasure-requests")).contentType(MediaType.APPLICATION_JSON)
				.content(body)).andExpect(status().isForbidden());
		}

		this.mvc.perform(as("ops", post("/api/gdpr/erasure-requests")).contentType(MediaType.APPLICATION_JSON)
			.content(body))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("PENDING"))
			.andExpect(jsonPath("$.subjectHash").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")))
			.andExpect(jsonPath("$.emails").doesNotExist());
		this.mvc.perform(as("ops", post("/api/gdpr/erasure-requests")).contentType(MediaType.APPLICATION_JSON)
			.content("{\"emails\": []}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("at least one")));

		List<AuditEntry> audited = this.auditLog.page(new AuditQuery(null, ErasureDesk.ACTION, null, 10));
		assertThat(audited).extracting(AuditEntry::actor, AuditEntry::channel, AuditEntry::outcome)
			.containsSubsequence(org.assertj.core.groups.Tuple.tuple("ops", "api", "refused"),
					org.assertj.core.groups.Tuple.tuple("ops", "api", "ok"));
		assertThat(audited.toString()).doesNotContainIgnoringCase("jo.api@example.org").doesNotContain("cus_ApiSubject");
	}

	@Test
	void anOperatorRecordsAnErasureRequestFromTheCliAndListsIt() {
		assertThat(cli(0, "gdpr", "erase", "--email", "sam.cli@example.org", "--account", "acct_1CliSubject"))
			.contains("recorded (subject ").contains("gdpr-purge");
		assertThat(cli(2, "gdpr", "erase", "--customer", "not-a-customer")).contains("refused: not a valid Stripe customer id");

		String listed = cli(0, "gdpr", "requests");
		assertThat(listed).contains("PENDING").contains("cli").doesNotContain("sam.cli@example.org");
		assertThat(this.auditLog.page(new AuditQuery(null, ErasureDesk.ACTION, null, 2)))
			.extracting(AuditEntry::channel, AuditEntry::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("cli", "refused"),
					org.assertj.core.groups.Tuple.tuple("cli", "ok"));
	}

	@Test
	void archivedExecutionsStayFindableFromTheCliAndTheApi() throws Exception {
		String sha = "ab".repeat(32);
		this.jdbc.update("""
				INSERT INTO batch_execution_archive (job_execution_id, job_instance_id, job_name, create_time,
				    start_time, end_time, status, exit_code, archive_file, archive_sha256, archived_at)
				VALUES (990001, 880001, 'inbox-processing', '2026-01-02T03:00:00Z', '2026-01-02T03:00:01Z',
				        '2026-01-02T03:00:09Z', 'COMPLETED', 'COMPLETED', 'batch-history-test.jsonl.gz', ?,
				        '2026-05-01T04:45:00Z')""", sha);

		assertThat(cli(0, "archived-executions", "--job", "inbox-processing"))
			.contains("990001", "COMPLETED", "2026-01-02T03:00:01Z", "batch-history-test.jsonl.gz", sha);
		assertThat(cli(0, "execution", "990001")).contains("was archived at 2026-05-01T04:45:00Z to batch-history-test.jsonl.gz");
		for (String user : List.of("ops", "auditor", "finance")) {
			this.mvc.perform(as(user, get("/api/executions/archived").param("job", "inbox-processing")))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$[0].id").value(990001))
				.andExpect(jsonPath("$[0].archiveFile").value("batch-history-test.jsonl.gz"));
		}
		this.mvc.perform(as("auditor", get("/api/executions/archived/990001")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.archiveSha256").value(sha));
		this.mvc.perform(as("auditor", get("/api/executions/archived/990002"))).andExpect(status().isNotFound());
	}

	private String cli(int exitCode, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int actual = TreasuryCli.execute(this.context, args, new PrintWriter(out, true), new PrintWriter(err, true));
		assertThat(actual).as("exit code; out: %s err: %s", out, err).isEqualTo(exitCode);
		return out.toString();
	}

	private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
		return request.with(httpBasic(user, user + "-password"));
	}

}
