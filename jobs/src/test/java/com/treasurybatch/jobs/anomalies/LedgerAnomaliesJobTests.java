package com.treasurybatch.jobs.anomalies;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.anomalies.Anomalies;
import com.treasurybatch.shared.anomalies.Anomaly;
import com.treasurybatch.shared.anomalies.AnomalyReviewer;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.JournalProposal;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.ManualJournals;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * ledger-anomalies on a real PostgreSQL over a ledger booked through {@link Ledger} as the inbox handlers and the
 * payout jobs book it (sale: Dr cash gross, Cr fee_revenue 10 %, Cr the payee's payable the rest; refund and
 * dispute_reserve from the payable; payout Dr payable / Cr cash) and manual journals posted by four eyes
 * ({@link ManualJournals}). What a user sees is the open anomaly list ({@code GET /api/anomalies}, CLI
 * {@code anomalies list}): its rule, subject, figures and message. Each test has its own payees and its own day.
 */
@SpringBootTest
@PostgresTest
class LedgerAnomaliesJobTests {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final Actor PROPOSER = new Actor("ops.olivia", AuditChannel.API);

	private static final Actor APPROVER = new Actor("finance.felix", AuditChannel.API);

	/** The reviewer a deployment may plug in; here it explains from the figures, and can break the run. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Reviewer {

		static final AtomicBoolean breakAtThirdAnomaly = new AtomicBoolean();

		static int reviewed;

		@Bean
		AnomalyReviewer figuresReviewer() {
			return (anomaly) -> {
				reviewed++;
				if (breakAtThirdAnomaly.get() && reviewed == 3) {
					// a reviewer deployed without its client library: an Error, not an exception the job forgives
					throw new NoClassDefFoundError("its model client");
				}
				return Optional.of("reviewed: " + anomaly.rule() + " on " + anomaly.subject());
			};
		}

	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(LedgerAnomaliesJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	Ledger ledger;

	@Autowired
	ManualJournals manualJournals;

	@Autowired
	Anomalies anomalies;

	@Autowired
	MutableClock clock;

	@BeforeEach
	void reviewerWorks() {
		Reviewer.breakAtThirdAnomaly.set(false);
		Reviewer.reviewed = 0;
	}

	@Test
	void each_rule_flags_its_payee_or_journal_with_the_figures_that_fired_and_a_rerun_flags_nothing_twice()
			throws Exception {
		LocalDate day = LocalDate.parse("2026-11-14"); // a Saturday
		List<String> manual = bookAMonth(day, "A");

		JobExecution run = anomalies(day);

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run.getExitStatus().getExitDescription()).contains("flagged=7");
		List<Anomaly> seen = open(day);
		assertThat(seen).extracting((a) -> a.rule() + " " + a.subject())
			.containsExactlyInAnyOrder("payee_day_above_median acct_1AnomBurstA", "refund_rate acct_1AnomRefundsA",
					"dispute_rate acct_1AnomRefundsA", "young_account_payout acct_1AnomYoungA",
					"round_manual_journal " + manual.get(0), "weekend_manual_journal " + manual.get(0),
					"weekend_manual_journal " + manual.get(1));

		// 5 prior sale days of 225000 (gross 250000 less 10 %): median 225000, 5 x 225000 = 1125000;
		// the day: 1125000 + 900 (gross 1000 less 100) = 1125900, above it by 900
		Anomaly burst = one(seen, "payee_day_above_median");
		assertThat(figures(burst, "day_total")).isEqualTo("1125900");
		assertThat(figures(burst, "median_30d")).isEqualTo("225000");
		assertThat(figures(burst, "prior_sale_days")).isEqualTo("5");
		assertThat(burst.message()).isEqualTo(
				"acct_1AnomBurstA sold 1125900 usd on 2026-11-14, above 5 x its 30-day median 225000");
		// sold 90000 (gross 100000 less 10 %); refunded 10800 of it (gross 12000 less the 1200 fee given back):
		// 10800 / 90000 = 12.00 %, above 10 %
		Anomaly refunds = one(seen, "refund_rate");
		assertThat(figures(refunds, "sold_30d")).isEqualTo("90000");
		assertThat(figures(refunds, "refund_30d")).isEqualTo("10800");
		assertThat(figures(refunds, "percent")).isEqualTo("12.00");
		assertThat(refunds.message())
			.isEqualTo("acct_1AnomRefundsA refund rate 12.00 % of 90000 usd sold in the 30 days to 2026-11-14, above 10 %");
		// disputed 2000 gross, the payee's 90 % held: 1800 / 90000 = 2.00 %, above 1 %
		Anomaly disputes = one(seen, "dispute_rate");
		assertThat(figures(disputes, "dispute_30d")).isEqualTo("1800");
		assertThat(figures(disputes, "percent")).isEqualTo("2.00");
		// first booked on 2026-11-10, 4 days before; paid 600000 (at least 500000) on the day. acct_1AnomBurstA was
		// paid 600000 too, but was first booked on 2026-11-01, 13 days before (more than 7): not flagged
		Anomaly young = one(seen, "young_account_payout");
		assertThat(figures(young, "paid_out")).isEqualTo("600000");
		assertThat(figures(young, "account_age_days")).isEqualTo("4");
		assertThat(young.message())
			.isEqualTo("acct_1AnomYoungA first booked 4 days before was paid 600000 usd on 2026-11-14");
		Anomaly round = one(seen, "round_manual_journal");
		assertThat(figures(round, "debits")).isEqualTo("200000");
		assertThat(seen).filteredOn((a) -> a.rule().equals("weekend_manual_journal"))
			.extracting((a) -> figures(a, "debits") + " " + figures(a, "day_of_week"))
			.containsExactlyInAnyOrder("200000 SATURDAY", "12345 SATURDAY");
		assertThat(seen).allSatisfy((a) -> {
			assertThat(a.businessDate()).isEqualTo(day);
			assertThat(a.resolvedAt()).isNull();
			assertThat(a.explanation()).isEqualTo("reviewed: " + a.rule() + " on " + a.subject());
		});

		// the same date again is refused by Spring Batch; a second instance for the date (another run.id) flags none
		assertThatExceptionOfType(JobInstanceAlreadyCompleteException.class)
			.isThrownBy(() -> this.jobOperator.start(this.job, parameters(day, null)));
		JobExecution rerun = this.jobOperator.start(this.job, parameters(day, 2L));
		assertThat(rerun.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(rerun.getExitStatus().getExitDescription()).contains("flagged=0");
		assertThat(open(day)).containsExactlyInAnyOrderElementsOf(seen);
		assertThat(Reviewer.reviewed).as("nothing reviewed twice").isEqualTo(7);
	}

	@Test
	void a_run_that_fails_half_way_flags_nothing_and_its_restart_flags_each_once()
			throws Exception {
		LocalDate day = LocalDate.parse("2027-01-16"); // a Saturday, more than 30 days after the other test's day
		List<String> manual = bookAMonth(day, "B");
		Reviewer.breakAtThirdAnomaly.set(true);

		JobExecution failed = anomalies(day);

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(open(day)).as("one transaction: the two flagged before the failure rolled back").isEmpty();

		Reviewer.breakAtThirdAnomaly.set(false);
		JobExecution restarted = this.jobOperator.restart(failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(restarted.getExitStatus().getExitDescription()).contains("flagged=7");
		assertThat(open(day)).extracting((a) -> a.rule() + " " + a.subject())
			.containsExactlyInAnyOrder("payee_day_above_median acct_1AnomBurstB", "refund_rate acct_1AnomRefundsB",
					"dispute_rate acct_1AnomRefundsB", "young_account_payout acct_1AnomYoungB",
					"round_manual_journal " + manual.get(0), "weekend_manual_journal " + manual.get(0),
					"weekend_manual_journal " + manual.get(1));
		assertThat(open(day)).allSatisfy((a) -> assertThat(a.explanation()).startsWith("reviewed: "));
	}

	@Test
	void a_payee_above_its_median_in_two_currencies_is_flagged_once_in_each() throws Exception {
		LocalDate day = LocalDate.parse("2027-03-20"); // a Saturday, more than 30 days after the other tests' days
		String payee = "acct_1AnomTwoCurrenciesC";
		// in each currency 5 prior sale days of 100000 gross (90000 net), then a day of 500000 + 1000 gross:
		// 450000 + 900 = 450900 net, above 5 x 90000 = 450000
		for (String currency : List.of("usd", "eur")) {
			for (int i = 12; i >= 8; i--) {
				sale("pi_1AnomC" + currency + i, at(day.minusDays(i), 15), 100_000, payee, currency);
			}
			sale("pi_1AnomC" + currency + "Burst1", at(day, 9), 500_000, payee, currency);
			sale("pi_1AnomC" + currency + "Burst2", at(day, 10), 1_000, payee, currency);
		}
		this.clock.set(at(day.plusDays(1), 4));

		JobExecution run = anomalies(day);

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run.getExitStatus().getExitDescription()).contains("flagged=2");
		assertThat(open(day)).extracting((a) -> a.rule() + " " + a.subject() + " " + a.currency() + " "
				+ figures(a, "day_total") + " " + figures(a, "median_30d"))
			.containsExactlyInAnyOrder("payee_day_above_median " + payee + " usd 450900 90000",
					"payee_day_above_median " + payee + " eur 450900 90000");
		JobExecution rerun = this.jobOperator.start(this.job, parameters(day, 2L));
		assertThat(rerun.getExitStatus().getExitDescription()).contains("flagged=0");
		assertThat(open(day)).hasSize(2);
	}

	/**
	 * Books the month before {@code day} (a Saturday) for three payees named with {@code tag}, and two manual
	 * journals on the day.
	 * @return the subjects of the manual journals, round one first
	 */
	private List<String> bookAMonth(LocalDate day, String tag) {
		String burst = "acct_1AnomBurst" + tag;
		String refunds = "acct_1AnomRefunds" + tag;
		String young = "acct_1AnomYoung" + tag;
		// a steady payee: 5 sale days of 250000 gross, 13 to 9 days before, then a day 5 x above its median
		for (int i = 13; i >= 9; i--) {
			sale("pi_1Anom" + tag + "Steady" + i, at(day.minusDays(i), 15), 250_000, burst);
		}
		sale("pi_1Anom" + tag + "Burst1", at(day, 9), 1_250_000, burst);
		sale("pi_1Anom" + tag + "Burst2", at(day, 10), 1_000, burst);
		payout("payout:" + burst + ":" + day, at(day, 2), 600_000, burst);
		// refunds and a dispute against one sale
		sale("pi_1Anom" + tag + "Refunded", at(day.minusDays(4), 12), 100_000, refunds);
		this.ledger.post(JournalEntry.of("refund", "re_1Anom" + tag + "Refund", "refund", at(day.minusDays(2), 8),
				List.of(JournalLine.debit("platform:fee_revenue", 1_200, "usd"),
						JournalLine.debit("payable:" + refunds, 10_800, "usd"),
						JournalLine.credit("platform:cash", 12_000, "usd"))));
		this.ledger.post(JournalEntry.of("dispute_reserve", "du_1Anom" + tag + "Dispute", "dispute held",
				at(day.minusDays(1), 8), List.of(JournalLine.debit("payable:" + refunds, 1_800, "usd"),
						JournalLine.credit("platform:dispute_reserve", 1_800, "usd"))));
		// a payee first booked 4 days before the day, paid out on the day
		sale("pi_1Anom" + tag + "Young", at(day.minusDays(4), 16), 700_000, young);
		payout("payout:" + young + ":" + day, at(day, 2), 600_000, young);
		// four eyes on the day: a round correction and an odd one
		this.clock.set(at(day, 11));
		String round = manual("move suspense to " + burst, List.of(JournalLine.debit("platform:suspense", 200_000, "usd"),
				JournalLine.credit("payable:" + burst, 200_000, "usd")));
		String odd = manual("stripe adjustment", List.of(JournalLine.debit("platform:stripe_adjustments", 12_345, "usd"),
				JournalLine.credit("platform:cash", 12_345, "usd")));
		this.clock.set(at(day.plusDays(1), 4));
		return List.of(round, odd);
	}

	private void sale(String paymentIntent, Instant at, long gross, String account) {
		sale(paymentIntent, at, gross, account, "usd");
	}

	private void sale(String paymentIntent, Instant at, long gross, String account, String currency) {
		long fee = gross / 10;
		this.ledger.post(JournalEntry.of("sale", paymentIntent, "sale", at,
				List.of(JournalLine.debit("platform:cash", gross, currency),
						JournalLine.credit("platform:fee_revenue", fee, currency),
						JournalLine.credit("payable:" + account, gross - fee, currency))));
	}

	private void payout(String key, Instant at, long amount, String account) {
		this.ledger.post(JournalEntry.of("payout", key, "payout", at,
				List.of(JournalLine.debit("payable:" + account, amount, "usd"),
						JournalLine.credit("platform:cash", amount, "usd"))));
	}

	private String manual(String description, List<JournalLine> lines) {
		JournalProposal proposed = this.manualJournals.propose(description, "month-end correction", lines, null,
				PROPOSER);
		JournalProposal approved = this.manualJournals.approve(proposed.id(), APPROVER);
		return "journal:" + approved.journalId();
	}

	private JobExecution anomalies(LocalDate day) throws Exception {
		return this.jobOperator.start(this.job, parameters(day, null));
	}

	private static JobParameters parameters(LocalDate day, Long runId) {
		JobParametersBuilder builder = new JobParametersBuilder().addString("date", day.toString());
		if (runId != null) {
			builder.addLong("run.id", runId);
		}
		return builder.toJobParameters();
	}

	private List<Anomaly> open(LocalDate day) {
		return this.anomalies.list(true, Anomalies.LIST_MAX)
			.stream()
			.filter((a) -> a.businessDate().equals(day))
			.toList();
	}

	private static Anomaly one(List<Anomaly> anomalies, String rule) {
		return anomalies.stream().filter((a) -> a.rule().equals(rule)).reduce((a, b) -> {
			throw new AssertionError("two " + rule);
		}).orElseThrow();
	}

	private static String figures(Anomaly anomaly, String name) {
		JsonNode figures = JSON.readTree(anomaly.figures());
		return figures.path(name).asString();
	}

	private static Instant at(LocalDate day, int hourUtc) {
		return day.atTime(hourUtc, 0).toInstant(ZoneOffset.UTC);
	}

}
