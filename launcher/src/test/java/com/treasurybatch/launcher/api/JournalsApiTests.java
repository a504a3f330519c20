package com.treasurybatch.launcher.api;

import java.time.Instant;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Four eyes on manual journals: a proposal moves no money; its proposer cannot approve it (409), OPS cannot approve
 * (403); FINANCE approving another user's proposal posts it (money leaves suspense for the payee) and every step is
 * in the audit trail; a reversal is proposed and approved the same way.
 */
@OperationsTest
class JournalsApiTests {

	private static final String PAYEE = "acct_1FourEyesPayee";

	@Autowired
	MockMvc mvc;

	@Autowired
	Ledger ledger;

	@Autowired
	AuditLog auditLog;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	@Test
	void fourEyesOnManualJournals() throws Exception {
		// a sale that named no payee: 33.00 paid, 3.00 fee, 30.00 to suspense
		long saleJournal = this.ledger.post(JournalEntry.of("sale", "pi_1FourEyesSuspense", "sale pi_1FourEyesSuspense",
				Instant.parse("2026-11-02T10:00:00Z"),
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 3_300, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 300, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_SUSPENSE, 3_000, "usd"))))
			.getAsLong();
		this.jdbc.update("""
				INSERT INTO orders (sale_key, payment_intent, item_type, payee_in_suspense, amount_total, currency,
				    payment_status, status, journal_id, created_at, updated_at)
				VALUES ('pi_1FourEyesSuspense', 'pi_1FourEyesSuspense', 'tip', true, 3300, 'usd', 'paid', 'PAID', ?,
				    now(), now())""", saleJournal);
		long suspenseBefore = this.ledger.balance(LedgerAccounts.PLATFORM_SUSPENSE, "usd").balanceCents();
		String move = """
				{"description": "suspense of pi_1FourEyesSuspense to its host", "reason": "host named by support ticket",
				 "suspenseSale": "pi_1FourEyesSuspense",
				 "postings": [{"account": "platform:suspense", "side": "D", "amount": 3000, "currency": "usd"},
				              {"account": "payable:%s", "side": "C", "amount": 3000, "currency": "usd"}]}
				""".formatted(PAYEE);

		String proposed = this.mvc.perform(as("ops", post("/api/journals")).contentType(MediaType.APPLICATION_JSON).content(move))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("PROPOSED"))
			.andReturn().getResponse().getContentAsString();
		long id = ((Number) JsonPath.read(proposed, "$.id")).longValue();
		// proposed: nothing moved
		assertThat(this.ledger.balance(LedgerAccounts.payable(PAYEE), "usd").balanceCents()).isZero();
		this.mvc.perform(as("finance", get("/api/suspense")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.sale == 'pi_1FourEyesSuspense')].heldCents").value(org.hamcrest.Matchers.contains(3000)));

		// unbalanced, and without a reason: 400 problems
		this.mvc.perform(as("ops", post("/api/journals")).contentType(MediaType.APPLICATION_JSON)
			.content(move.replace("\"amount\": 3000, \"currency\": \"usd\"}]", "\"amount\": 2999, \"currency\": \"usd\"}]")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(as("ops", post("/api/journals")).contentType(MediaType.APPLICATION_JSON)
			.content(move.replace("\"reason\": \"host named by support ticket\"", "\"reason\": \"\"")))
			.andExpect(status().isBadRequest());
		this.mvc.perform(as("auditor", post("/api/journals")).contentType(MediaType.APPLICATION_JSON).content(move))
			.andExpect(status().isForbidden());

		// OPS cannot approve
		this.mvc.perform(as("ops", post("/api/journals/{id}/approve", id)))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));

		// a proposer cannot approve their own
		String own = this.mvc.perform(as("finance", post("/api/journals")).contentType(MediaType.APPLICATION_JSON).content(move))
			.andExpect(status().isCreated())
			.andReturn().getResponse().getContentAsString();
		long ownId = ((Number) JsonPath.read(own, "$.id")).longValue();
		this.mvc.perform(as("finance", post("/api/journals/{id}/approve", ownId)))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("four eyes")));
		this.mvc.perform(as("finance2", post("/api/journals/{id}/reject", ownId)).contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\": \"duplicate of " + id + "\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("REJECTED"));

		// FINANCE approves OPS's proposal: posted, 30.00 out of suspense to the payee
		String approved = this.mvc.perform(as("finance", post("/api/journals/{id}/approve", id)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED"))
			.andExpect(jsonPath("$.decidedBy").value("finance"))
			.andReturn().getResponse().getContentAsString();
		long journalId = ((Number) JsonPath.read(approved, "$.journalId")).longValue();
		assertThat(this.ledger.balance(LedgerAccounts.payable(PAYEE), "usd").balanceCents()).isEqualTo(3_000);
		assertThat(this.ledger.balance(LedgerAccounts.PLATFORM_SUSPENSE, "usd").balanceCents())
			.isEqualTo(suspenseBefore - 3_000);
		this.mvc.perform(as("auditor", get("/api/payees/{account}", PAYEE)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.currencies[0].balanceCents").value(3000));
		this.mvc.perform(as("finance", get("/api/payees/{account}/entries", PAYEE)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.entries[0].kind").value("manual"))
			.andExpect(jsonPath("$.entries[0].stripeObject").value("manual:" + id))
			.andExpect(jsonPath("$.entries[0].balanceCents").value(3000));
		this.mvc.perform(as("finance", get("/api/suspense")))
			.andExpect(jsonPath("$[?(@.sale == 'pi_1FourEyesSuspense')].heldCents").value(org.hamcrest.Matchers.contains(0)));
		this.mvc.perform(as("finance", post("/api/journals/{id}/approve", id))).andExpect(status().isConflict());

		// a reversal of the posted journal, same rule: finance2 proposes, finance2 cannot approve, finance does
		String reversal = this.mvc.perform(as("finance2", post("/api/journals/{id}/reversal", journalId))
			.contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"wrong host\"}"))
			.andExpect(status().isCreated())
			.andReturn().getResponse().getContentAsString();
		long reversalId = ((Number) JsonPath.read(reversal, "$.id")).longValue();
		this.mvc.perform(as("finance2", post("/api/journals/{id}/approve", reversalId))).andExpect(status().isConflict());
		this.mvc.perform(as("finance", post("/api/journals/{id}/approve", reversalId))).andExpect(status().isOk());
		assertThat(this.ledger.balance(LedgerAccounts.payable(PAYEE), "usd").balanceCents()).isZero();

		assertThat(this.auditLog.page(new AuditQuery(null, null, "journal_proposal:" + id, 10)))
			.extracting(AuditEntry::action, AuditEntry::outcome, AuditEntry::actor)
			.containsExactly(tuple("journal.approve", "refused", "finance"), tuple("journal.approve", "ok", "finance"),
					tuple("journal.propose", "ok", "ops"));
		assertThat(this.auditLog.page(new AuditQuery(null, null, "journal_proposal:" + ownId, 10)))
			.extracting(AuditEntry::action, AuditEntry::outcome, AuditEntry::actor)
			.containsExactly(tuple("journal.reject", "ok", "finance2"), tuple("journal.approve", "refused", "finance"),
					tuple("journal.propose", "ok", "finance"));
		this.mvc.perform(as("auditor", get("/api/journals").param("status", "REJECTED")))
			.andExpect(jsonPath("$[?(@.id == " + ownId + ")].reason").value(org.hamcrest.Matchers.contains("host named by support ticket")));
	}

	private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
		return request.with(httpBasic(user, user + "-password"));
	}

}
