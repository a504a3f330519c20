package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import com.treasurybatch.launcher.operations.ExecutionDetail;
import com.treasurybatch.launcher.operations.ExecutionHistory;
import com.treasurybatch.launcher.testing.FailureSwitch;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.launcher.testing.WrittenItems;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;

import static org.assertj.core.api.Assertions.assertThat;

@OperationsTest
class CliJobsTests {

	private static final Pattern STARTED = Pattern.compile("started execution (\\d+) of job");

	@Autowired
	ApplicationContext context;

	@Autowired
	FailureSwitch failures;

	@Autowired
	WrittenItems written;

	@Autowired
	ExecutionHistory history;

	@Autowired
	AuditLog auditLog;

	@AfterEach
	void neverFail() {
		this.failures.clear();
	}

	@Test
	void startRunsTheJobInThisProcessPrintsStepProgressAndExitsZeroOnCompleted() {
		Run run = cli("jobs", "start", TestJobs.CHUNKS, "date=2026-11-01");

		assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
		assertThat(run.out()).contains("step chunkStep").contains("read 20  written 20");
		assertThat(run.out()).containsPattern("execution \\d+ COMPLETED \\(exit code COMPLETED\\)");
		assertThat(this.written.items("2026-11-01")).containsExactlyElementsOf(oneTo(TestJobs.ITEMS));
		ExecutionDetail detail = this.history.execution(run.executionId()).orElseThrow();
		assertThat(detail.summary().triggeredBy()).isEqualTo("alice");
		assertThat(detail.summary().triggeredChannel()).isEqualTo("cli");
		assertThat(detail.parameters()).anySatisfy((parameter) -> {
			assertThat(parameter.name()).isEqualTo("date");
			assertThat(parameter.type()).isEqualTo("LocalDate");
			assertThat(parameter.identifying()).isTrue();
		});
		assertThat(detail.parameters()).anySatisfy((parameter) -> {
			assertThat(parameter.name()).isEqualTo("triggered.by");
			assertThat(parameter.identifying()).isFalse();
		});
		AuditEntry audit = lastAudit("job.start", TestJobs.CHUNKS);
		assertThat(audit.actor()).isEqualTo("alice");
		assertThat(audit.channel()).isEqualTo("cli");
		assertThat(audit.outcome()).isEqualTo("ok");
		assertThat(audit.parameters()).containsEntry("date", "2026-11-01");
	}

	@Test
	void aCompletedInstanceIsRefusedInPlainWords() {
		Run first = cli("jobs", "start", TestJobs.CHUNKS, "date=2026-11-02");
		assertThat(first.exitCode()).isEqualTo(ExitCodes.OK);

		Run again = cli("jobs", "start", TestJobs.CHUNKS, "date=2026-11-02");
		Run restart = cli("jobs", "restart", String.valueOf(first.executionId()));

		String plain = "job test-chunks with parameters {date=2026-11-02} already COMPLETED in execution "
				+ first.executionId() + "; a completed instance does not run again";
		assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
		assertThat(again.err()).contains(plain);
		assertThat(restart.exitCode()).isEqualTo(ExitCodes.REFUSED);
		assertThat(restart.err()).contains(plain);
		assertThat(this.written.items("2026-11-02")).hasSize(TestJobs.ITEMS);
		assertThat(lastAudit("job.start", TestJobs.CHUNKS).outcome()).isEqualTo("refused");
		AuditEntry refusedRestart = lastAudit("job.restart", String.valueOf(first.executionId()));
		assertThat(refusedRestart.outcome()).isEqualTo("refused");
		assertThat(refusedRestart.detail()).isEqualTo(plain);
	}

	@Test
	void aFailedRunRestartsFromItsLastCommittedChunkRepeatingNothingAndLosingNothing() {
		this.failures.failAt(13);
		Run failed = cli("jobs", "start", TestJobs.CHUNKS, "date=2026-11-03");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(failed.out()).contains("FAILED")
			.contains("planned failure at item 13")
			.contains("jobs restart " + failed.executionId());
		assertThat(this.written.items("2026-11-03")).containsExactlyElementsOf(oneTo(10));

		this.failures.clear();
		Run restarted = cli("jobs", "restart", String.valueOf(failed.executionId()));

		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCodes.OK);
		assertThat(this.written.items("2026-11-03")).containsExactlyElementsOf(oneTo(TestJobs.ITEMS));
		ExecutionDetail before = this.history.execution(failed.executionId()).orElseThrow();
		ExecutionDetail after = this.history.execution(restarted.executionId()).orElseThrow();
		assertThat(after.summary().instanceId()).isEqualTo(before.summary().instanceId());
		assertThat(before.steps().get(0).writeCount()).isEqualTo(10);
		assertThat(before.steps().get(0).rollbackCount()).isEqualTo(1);
		assertThat(after.steps().get(0).readCount()).isEqualTo(10);
		assertThat(after.steps().get(0).writeCount()).isEqualTo(10);
		assertThat(lastAudit("job.restart", String.valueOf(failed.executionId())).outcome()).isEqualTo("ok");
	}

	@Test
	void anAbandonedExecutionsInstanceDoesNotRunAgain() {
		this.failures.failAt(3);
		Run failed = cli("jobs", "start", TestJobs.CHUNKS, "date=2026-11-04");
		assertThat(failed.exitCode()).isEqualTo(ExitCodes.FAILED);
		String id = String.valueOf(failed.executionId());

		Run abandoned = cli("jobs", "abandon", id);
		Run restart = cli("jobs", "restart", id);
		Run abandonAgain = cli("jobs", "abandon", id);

		assertThat(abandoned.exitCode()).isEqualTo(ExitCodes.OK);
		assertThat(abandoned.out()).contains("is now ABANDONED");
		assertThat(restart.exitCode()).isEqualTo(ExitCodes.REFUSED);
		assertThat(restart.err()).contains("was ABANDONED in execution " + id);
		assertThat(abandonAgain.exitCode()).isEqualTo(ExitCodes.REFUSED);
		assertThat(abandonAgain.err()).contains("already ABANDONED");
		assertThat(lastAudit("job.abandon", id).outcome()).isEqualTo("refused");
		assertThat(this.auditLog.page(new AuditQuery(null, "job.abandon", id, 10))).extracting(AuditEntry::outcome)
			.containsExactly("refused", "ok");
	}

	@Test
	void wrongInputHasItsOwnExitCodes() {
		assertThat(cli("jobs", "start").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(cli("jobs").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(cli("no-such-verb").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(cli("jobs", "start", TestJobs.CHUNKS, "date").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(cli("executions", "--limit", "501").exitCode()).isEqualTo(ExitCodes.USAGE);
		Run badDate = cli("jobs", "start", TestJobs.CHUNKS, "date=2026-02-30");
		assertThat(badDate.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(badDate.err()).contains("not an ISO date");
		Run unknown = cli("jobs", "start", "no-such-job");
		assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
		assertThat(unknown.err()).containsPattern("no job named 'no-such-job'; known jobs: ([a-z-]+, )*test-chunks, test-gate");
		Run noExecution = cli("jobs", "restart", "987654");
		assertThat(noExecution.exitCode()).as(noExecution.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(noExecution.err()).contains("no execution with id 987654");
		assertThat(cli("execution", "987654").exitCode()).isEqualTo(ExitCodes.REFUSED);
	}

	@Test
	void historyAndAuditArePrinted() {
		Run run = cli("jobs", "start", TestJobs.CHUNKS, "date=2026-11-05");
		String id = String.valueOf(run.executionId());

		Run list = cli("jobs", "list");
		Run executions = cli("executions", "--job", TestJobs.CHUNKS, "--status", "completed", "--limit", "50");
		Run execution = cli("execution", id);
		Run audit = cli("audit", "--limit", "5");

		assertThat(list.exitCode()).isEqualTo(ExitCodes.OK);
		assertThat(list.out()).contains(TestJobs.CHUNKS).contains(TestJobs.GATE);
		assertThat(executions.out()).contains(id + " ").contains("alice via cli");
		assertThat(execution.out()).contains("test-chunks (instance")
			.contains("date = 2026-11-05 (LocalDate, identifying)")
			.contains("triggered.by = alice (String)")
			.contains("read 20  written 20  filtered 0  skipped 0 (read 0, process 0, write 0)  commits 4");
		assertThat(audit.out()).contains("job.start").contains("alice");
	}

	private AuditEntry lastAudit(String action, String target) {
		List<AuditEntry> entries = this.auditLog.page(new AuditQuery(null, action, target, 1));
		assertThat(entries).as("audit rows for " + action + " " + target).isNotEmpty();
		return entries.get(0);
	}

	private Run cli(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = TreasuryCli.execute(this.context, args, new PrintWriter(out, true), new PrintWriter(err, true));
		return new Run(exitCode, out.toString(), err.toString());
	}

	private static List<Integer> oneTo(int last) {
		return IntStream.rangeClosed(1, last).boxed().toList();
	}

	record Run(int exitCode, String out, String err) {

		long executionId() {
			Matcher matcher = STARTED.matcher(this.out);
			assertThat(matcher.find()).as("an execution was started: " + this).isTrue();
			return Long.parseLong(matcher.group(1));
		}

	}

}
