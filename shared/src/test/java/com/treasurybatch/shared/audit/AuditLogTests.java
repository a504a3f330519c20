package com.treasurybatch.shared.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.shared.time.ClockConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(classes = AuditLogTests.AuditTestApplication.class)
@PostgresTest
class AuditLogTests {

	@Autowired
	AuditLog auditLog;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void recordedActionsComeBackNewestFirstWithTheirParameters() {
		Actor alice = new Actor("alice", AuditChannel.CLI);
		long first = this.auditLog.record(new AuditEvent(alice, "job.start", "nightly-payouts",
				Map.of("date", "2026-11-20"), AuditOutcome.OK, "started execution 1"));
		long second = this.auditLog.record(new AuditEvent(alice, "job.start", "nightly-payouts",
				Map.of("date", "2026-11-20"), AuditOutcome.REFUSED, "already COMPLETED"));

		List<AuditEntry> page = this.auditLog.page(new AuditQuery(null, "job.start", "nightly-payouts", 10));

		assertThat(page).extracting(AuditEntry::id).containsExactly(second, first);
		AuditEntry refused = page.get(0);
		assertThat(refused.actor()).isEqualTo("alice");
		assertThat(refused.channel()).isEqualTo("cli");
		assertThat(refused.outcome()).isEqualTo("refused");
		assertThat(refused.parameters()).containsEntry("date", "2026-11-20");
		assertThat(refused.detail()).isEqualTo("already COMPLETED");
	}

	@Test
	void pagesContinueBeforeTheLastIdSeen() {
		for (int i = 0; i < 5; i++) {
			this.auditLog
				.record(new AuditEvent(Actor.SYSTEM, "job.recover", "paging-" + i, Map.of(), AuditOutcome.OK, null));
		}
		List<AuditEntry> first = this.auditLog.page(new AuditQuery(null, "job.recover", null, 3));
		List<AuditEntry> next = this.auditLog.page(new AuditQuery(first.get(2).id(), "job.recover", null, 3));

		assertThat(first).extracting(AuditEntry::target).startsWith("paging-4", "paging-3", "paging-2");
		assertThat(next).extracting(AuditEntry::target).startsWith("paging-1", "paging-0");
	}

	@Test
	void aDateRangeKeepsExactlyTheRowsFromItsStartToJustBeforeItsEnd() {
		String insert = "INSERT INTO audit_log (occurred_at, actor, channel, action, target, parameters, outcome)"
				+ " VALUES (?::timestamptz, 'ops', 'console', 'report.download', ?, '{}'::jsonb, 'ok')";
		this.jdbc.update(insert, "2026-06-05T23:59:59Z", "range-before");
		this.jdbc.update(insert, "2026-06-06T00:00:00Z", "range-first");
		this.jdbc.update(insert, "2026-06-12T23:59:59Z", "range-last");
		this.jdbc.update(insert, "2026-06-13T00:00:00Z", "range-after");
		Instant from = Instant.parse("2026-06-06T00:00:00Z");
		Instant to = Instant.parse("2026-06-13T00:00:00Z");

		assertThat(this.auditLog.search(new AuditSearch(null, "ops", "report.download", null, from, to, 10)))
			.extracting(AuditEntry::target)
			.containsExactly("range-last", "range-first");
		assertThat(this.auditLog.search(new AuditSearch(null, null, null, null, to.plusSeconds(86_400 * 400),
				to.plusSeconds(86_400 * 401), 10))).isEmpty();
	}

	@Test
	void theDatabaseRefusesUpdateDeleteAndTruncateEvenToItsOwner() {
		long id = this.auditLog.record(new AuditEvent(new Actor("mallory", AuditChannel.API), "job.abandon", "42",
				Map.of(), AuditOutcome.OK, "abandoned"));
		// the application role may not even try (LedgerDatabaseGuardsTests); the append-only triggers stop the owner
		JdbcTemplate owner = TestPostgres.ownerJdbc(this.jdbc.getDataSource());

		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> owner.update("UPDATE audit_log SET actor = 'someone else' WHERE id = ?", id))
			.havingRootCause()
			.withMessageContaining("append-only");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> owner.update("DELETE FROM audit_log WHERE id = ?", id))
			.havingRootCause()
			.withMessageContaining("append-only");
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> owner.execute("TRUNCATE audit_log"))
			.havingRootCause()
			.withMessageContaining("append-only");
		assertThat(this.jdbc.queryForObject("SELECT actor FROM audit_log WHERE id = ?", String.class, id))
			.isEqualTo("mallory");
	}

	/**
	 * Not a @Configuration: component scans of other modules' tests (the launcher's CLI)
	 * must not pick it up.
	 */
	@EnableAutoConfiguration
	@Import({ AuditLog.class, ClockConfiguration.class })
	static class AuditTestApplication {

	}

}
