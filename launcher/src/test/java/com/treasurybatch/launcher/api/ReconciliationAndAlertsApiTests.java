package com.treasurybatch.launcher.api;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** {@code /api/reconciliations/{date}} (every role reads) and {@code /api/alerts} (OPS and AUDITOR read, OPS acknowledges). */
@OperationsTest
class ReconciliationAndAlertsApiTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Alerts alerts;

	@Test
	void financeAuditorsAndOpsReadADaysReconciliationWithItsOneLineSummary() throws Exception {
		this.jdbc.update("""
				INSERT INTO reconciliation_runs (business_date, zone, status, stripe_count, started_at, finished_at)
				VALUES ('2026-08-01', 'UTC', 'CLEAN', 12, now(), now())""");
		for (String user : List.of("ops", "finance", "auditor")) {
			this.mvc.perform(as(user, get("/api/reconciliations/2026-08-01")))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.summary")
					.value("2026-08-01 CLEAN: 12 Stripe balance transactions agree with the ledger, ledger sound"))
				.andExpect(jsonPath("$.report.status").value("CLEAN"));
		}
		this.mvc.perform(as("finance", get("/api/reconciliations/2026-08-02"))).andExpect(status().isNotFound());
	}

	@Test
	void opsAcknowledgesAnAlertOnceAuditorsOnlyReadAndFinanceSeesNone() throws Exception {
		this.alerts.raise(Severity.WARNING, "reconciliation_discrepancies", "2026-08-03", "1 discrepancy",
				"api-test:warning");
		long id = this.alerts.find("api-test:warning").id();

		this.mvc.perform(as("auditor", get("/api/alerts"))).andExpect(status().isOk());
		this.mvc.perform(as("finance", get("/api/alerts"))).andExpect(status().isForbidden());
		this.mvc.perform(as("auditor", post("/api/alerts/{id}/ack", id))).andExpect(status().isForbidden());

		this.mvc.perform(as("ops", post("/api/alerts/{id}/ack", id)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.acknowledgedBy").value("ops"));
		this.mvc.perform(as("ops", post("/api/alerts/{id}/ack", id))).andExpect(status().isConflict());
		this.mvc.perform(as("ops", post("/api/alerts/{id}/ack", 987_654_321L))).andExpect(status().isNotFound());
		assertThat(this.alerts.byId(id).acknowledgedBy()).isEqualTo("ops");
	}

	private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
		return request.with(httpBasic(user, user + "-password"));
	}

}
