package com.treasurybatch.launcher.api;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.Payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** {@code /api/payouts}: every role reads, only OPS releases, cancels or retries, and each review is audited. */
@OperationsTest
class PayoutsApiTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Payouts payouts;

	@Autowired
	AuditLog auditLog;

	@Test
	void opsReleasesAndCancelsAHeldPayoutOthersOnlyRead() throws Exception {
		Payout held = this.payouts
			.create("acct_1ApiHeldPayee", LocalDate.parse("2026-11-19"), PayoutKind.NIGHTLY, 7_000, "usd",
					List.of("new_account: first sale 10 days before the date end (< 30)"))
			.orElseThrow();

		for (String user : List.of("ops", "finance", "auditor")) {
			this.mvc.perform(as(user, get("/api/payouts").param("status", "HELD").param("date", "2026-11-19")))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$[?(@.id == " + held.id() + ")].holdReasons[0]")
					.value(org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("new_account"))));
		}
		this.mvc.perform(as("finance", post("/api/payouts/{id}/release", held.id()))).andExpect(status().isForbidden());
		this.mvc.perform(as("auditor", post("/api/payouts/{id}/cancel", held.id()))).andExpect(status().isForbidden());

		this.mvc.perform(as("ops", post("/api/payouts/{id}/release", held.id())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("PENDING"));
		this.mvc.perform(as("ops", post("/api/payouts/{id}/release", held.id())))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("payout " + held.id() + " is PENDING, not HELD"));
		this.mvc.perform(as("ops", post("/api/payouts/{id}/cancel", held.id())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("CANCELED"));
		this.mvc.perform(as("ops", post("/api/payouts/{id}/cancel", 987_654_321L))).andExpect(status().isNotFound());

		assertThat(this.auditLog.page(new AuditQuery(null, null, "payout:" + held.id(), 10)))
			.extracting(AuditEntry::action, AuditEntry::outcome, AuditEntry::actor)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("payout.cancel", "ok", "ops"),
					org.assertj.core.groups.Tuple.tuple("payout.release", "refused", "ops"),
					org.assertj.core.groups.Tuple.tuple("payout.release", "ok", "ops"));
	}

	@Test
	void opsRetriesARefusedTransferOnceEveryRoleSeesFailedBankPayouts() throws Exception {
		Payout refused = this.payouts
			.create("acct_1ApiRefusedPayee", LocalDate.parse("2026-11-18"), PayoutKind.NIGHTLY, 4_200, "usd", List.of())
			.orElseThrow();
		assertThat(this.payouts.markTransferFailed(refused.id(), "balance_insufficient", "platform balance too low"))
			.isTrue();

		for (String user : List.of("ops", "finance", "auditor")) {
			this.mvc.perform(as(user, get("/api/payouts/failed").param("limit", "10"))).andExpect(status().isOk());
		}
		this.mvc.perform(as("finance", post("/api/payouts/{id}/retry", refused.id()))).andExpect(status().isForbidden());
		this.mvc.perform(as("ops", post("/api/payouts/{id}/retry", refused.id())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("PENDING"));
		this.mvc.perform(as("ops", post("/api/payouts/{id}/retry", refused.id())))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("payout " + refused.id() + " is PENDING, not FAILED"));
		this.mvc.perform(as("ops", post("/api/payouts/{id}/retry", 987_654_321L))).andExpect(status().isNotFound());
		this.mvc.perform(as("ops", post("/api/payouts/{id}/cancel", refused.id()))).andExpect(status().isOk());

		assertThat(this.auditLog.page(new AuditQuery(null, "payout.retry", "payout:" + refused.id(), 10)))
			.extracting(AuditEntry::outcome, AuditEntry::actor)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("refused", "ops"),
					org.assertj.core.groups.Tuple.tuple("ok", "ops"));
	}

	@Test
	void opsRecordsAnInstantPayoutRequestOnceAndOthersCannot() throws Exception {
		String body = "{\"account\": \"acct_1ApiInstantPayee\", \"currency\": \"usd\", \"amountCents\": 2500}";
		this.mvc.perform(as("finance", post("/api/payouts/instant")).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isForbidden());

		this.mvc.perform(as("ops", post("/api/payouts/instant")).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.payeeAccount").value("acct_1ApiInstantPayee"))
			.andExpect(jsonPath("$.amountCents").value(2500))
			.andExpect(jsonPath("$.status").value("REQUESTED"));
		this.mvc.perform(as("ops", post("/api/payouts/instant")).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("still open")));
		this.mvc.perform(as("ops", post("/api/payouts/instant")).contentType(MediaType.APPLICATION_JSON)
			.content("{\"account\": \"not-an-account\", \"currency\": \"usd\"}")).andExpect(status().isBadRequest());

		assertThat(this.auditLog.page(new AuditQuery(null, "payout.instant_request", null, 10)))
			.extracting(AuditEntry::actor, AuditEntry::outcome)
			.containsSubsequence(org.assertj.core.groups.Tuple.tuple("ops", "refused"),
					org.assertj.core.groups.Tuple.tuple("ops", "refused"), org.assertj.core.groups.Tuple.tuple("ops", "ok"));
	}

	private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
		return request.with(httpBasic(user, user + "-password"));
	}

}
