package com.treasurybatch.jobs.payouts;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeProperties;
import com.treasurybatch.shared.stripe.internal.HttpStripeGateway;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput of nightly-payouts against the Stripe throttle: {@value #PAYEES_DEFAULT} eligible payees, simulator
 * latency {@value #LATENCY_MILLIS} ms per call, throttle {@value #OPERATIONS_PER_SECOND} operations/s. Prints the
 * achieved transfers/s over the whole job execution and its ratio to the throttle (target >= 0.95), checks that
 * every payee got exactly one transfer, and prints the peak heap used.
 *
 * <p>{@code ./mvnw -Pbench -pl jobs -am verify -Dtest=NightlyPayoutsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.payees=N} for another size).
 */
@Tag("benchmark")
@SpringBootTest(properties = { "treasury.payouts.partitions=32", "spring.datasource.hikari.maximum-pool-size=40" })
@PostgresTest
class NightlyPayoutsBenchmark {

	static final int PAYEES_DEFAULT = 10_000;

	static final long LATENCY_MILLIS = 100;

	static final double OPERATIONS_PER_SECOND = 100;

	private static final int PAYEES = Integer.getInteger("bench.payees", PAYEES_DEFAULT);

	private static final int SETUP_BATCH = 500;

	private static final LocalDate DATE = LocalDate.parse("2026-11-20");

	@TestConfiguration(proxyBeanMethods = false)
	static class ThrottledStripeConfiguration {

		@Bean(destroyMethod = "close")
		StripeSimulator stripeSimulator() {
			StripeSimulator simulator = StripeSimulator.start();
			simulator.seedBalance("usd", 1_000_000_000_000L, 0);
			return simulator;
		}

		@Bean
		StripeGateway stripeGateway(StripeSimulator simulator) {
			return HttpStripeGateway.create(StripeProperties.of(StripeSimulator.API_KEY, simulator.apiBase())
				.withOperationsPerSecond(OPERATIONS_PER_SECOND), new SimpleMeterRegistry());
		}

	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	@Qualifier(NightlyPayoutsJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	StripeSimulator stripe;

	@Autowired
	Ledger ledger;

	@Autowired
	ConnectedAccounts accounts;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Test
	void pays_every_payee_once_at_the_throttle_rate() throws Exception {
		Instant accountEvent = DATE.minusDays(120).atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant saleAt = DATE.minusDays(60).atStartOfDay().toInstant(ZoneOffset.UTC);
		List<String> payees = new ArrayList<>();
		for (int i = 0; i < PAYEES; i++) {
			payees.add("acct_Bench" + i);
		}
		long setupStart = System.nanoTime();
		for (int from = 0; from < PAYEES; from += SETUP_BATCH) {
			List<String> batch = payees.subList(from, Math.min(PAYEES, from + SETUP_BATCH));
			this.transaction.executeWithoutResult((status) -> {
				for (String payee : batch) {
					this.stripe.seedAccount(SimulatedAccount.active(payee, accountEvent));
					this.accounts.saveIfNewer(new ConnectedAccount(payee, true, true, true, List.of(), null,
							"evt_" + payee, accountEvent, accountEvent));
					long cents = 1_000 + (payee.hashCode() & 0xFFF);
					this.ledger.post(JournalEntry.of("sale", "cs_bench_" + payee, "bench sale", saleAt,
							List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents, "usd"),
									JournalLine.credit(LedgerAccounts.payable(payee), cents, "usd"))));
				}
			});
		}
		System.out.printf("setup: %d payees in %d ms%n", PAYEES, (System.nanoTime() - setupStart) / 1_000_000);
		this.stripe.faults().latency(Duration.ofMillis(LATENCY_MILLIS));
		this.clock.set(DATE.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofMinutes(150)));
		JobOperatorTestUtils jobs = new JobOperatorTestUtils(this.jobOperator, this.jobRepository);
		jobs.setJob(this.job);
		resetPeaks();

		long start = System.nanoTime();
		JobExecution execution = jobs.startJob(
				new JobParametersBuilder().addLocalDate(NightlyPayoutsJobConfiguration.DATE, DATE).toJobParameters());
		double seconds = (System.nanoTime() - start) / 1e9;

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		int transfers = this.stripe.transferCount();
		double rate = transfers / seconds;
		System.out.printf("nightly-payouts: %d transfers in %.1f s = %.1f transfers/s, %.3f of the %.0f/s throttle"
				+ " (latency %d ms); peak heap used %d MB%n", transfers, seconds, rate, rate / OPERATIONS_PER_SECOND,
				OPERATIONS_PER_SECOND, LATENCY_MILLIS, peakHeapBytes() / (1024 * 1024));
		assertThat(transfers).as("one transfer per payee, none twice").isEqualTo(PAYEES);
		assertThat(this.jdbc.queryForObject("""
				SELECT count(DISTINCT payee_account) FROM payouts
				WHERE business_date = ? AND status = 'TRANSFERRED' AND payee_account LIKE 'acct_Bench%'
				""", Long.class, DATE)).isEqualTo(PAYEES);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'payout'", Long.class))
			.isEqualTo(PAYEES);
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);
		assertThat(rate / OPERATIONS_PER_SECOND).as("share of the throttle used").isGreaterThanOrEqualTo(0.95);
	}

	private static void resetPeaks() {
		System.gc();
		ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
	}

	private static long peakHeapBytes() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.mapToLong((pool) -> pool.getPeakUsage().getUsed())
			.sum();
	}

}
