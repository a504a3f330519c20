package com.treasurybatch.jobs.reconciliation;

import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.jobs.ClockedStripeConfiguration;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.stripe.StripeBalanceTransaction;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settlement step of stripe-reconciliation and what the match and the cash check make of it, on a real
 * PostgreSQL, from balance transactions shaped like Stripe's ({@code reconciliation/balance-transactions.json}),
 * staged through the job's own writer as the fetch step stages them; the sales and refunds are booked as the inbox
 * handlers book them (sale sourced by the PaymentIntent, Dr cash gross, no fee; refund by its {@code re_}). Each
 * test has its own business date and currency: the cash check is per currency over the whole ledger.
 */
@SpringBootTest(properties = "treasury.reconciliation.chunk-size=3")
@PostgresTest
class SettlementStepTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnStripe extends ClockedStripeConfiguration {

	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	@Qualifier(StripeReconciliationJobConfiguration.JOB_NAME)
	Job reconciliation;

	@Autowired
	@Qualifier("settlementStep")
	Step settlementStep;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	Alerts alerts;

	@Autowired
	MutableClock clock;

	@Test
	void stripe_fees_of_a_day_are_booked_to_the_cent_and_the_day_reconciles_clean() throws Exception {
		LocalDate date = LocalDate.parse("2026-11-02");
		List<StripeBalanceTransaction> day = stage("fees_2026_11_02", date);
		sale("pi_1FeeA", day.get(0).created(), 10_000, "usd", "acct_1FeePayee");
		sale("pi_1FeeB", day.get(1).created(), 2_500, "usd", "acct_1FeePayee");
		sale("pi_1FeeC", day.get(2).created(), 4_999, "usd", "acct_1FeePayee");
		// refund of 25.00 of pi_1FeeA: 10% platform fee back, the rest from the payee
		this.ledger.post(JournalEntry.of("refund", "re_1FeeA", "refund", day.get(3).created(),
				List.of(JournalLine.debit("platform:fee_revenue", 250, "usd"),
						JournalLine.debit("payable:acct_1FeePayee", 2_250, "usd"),
						JournalLine.credit("platform:cash", 2_500, "usd"))));

		assertThat(reconcile(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(lines("stripe_fee", "txn_1FeeChargeA000000000001"))
			.containsExactly("D platform:stripe_fees 320 usd", "C platform:cash 320 usd");
		assertThat(lines("stripe_fee", "txn_1FeeChargeB000000000002"))
			.containsExactly("D platform:stripe_fees 103 usd", "C platform:cash 103 usd");
		assertThat(lines("stripe_fee", "txn_1FeeChargeC000000000003"))
			.containsExactly("D platform:stripe_fees 175 usd", "C platform:cash 175 usd");
		// a fee given back (-30 on the refund) swaps the sides
		assertThat(lines("stripe_fee", "txn_1FeeRefundA000000000004"))
			.containsExactly("D platform:cash 30 usd", "C platform:stripe_fees 30 usd");
		// 320 + 103 + 175 - 30 = 568
		assertThat(this.ledger.balance("platform:stripe_fees", "usd").debitsCents()
				- this.ledger.balance("platform:stripe_fees", "usd").creditsCents()).isEqualTo(568);
		assertThat(discrepancies(date)).isEmpty();
		assertThat(totals(date)).containsExactly("charge usd 3 17499 598 / 3 17499 598",
				"refund usd 1 -2500 -30 / 1 -2500 -30");
		// cash: 10000 + 2500 + 4999 - 2500 - 568 = 14431 = the nets 9680 + 2397 + 4824 - 2470
		assertThat(cash("usd")).isEqualTo(14_431);
		assertThat(integrityFailures(date)).noneMatch((failure) -> failure.contains(" usd "));
	}

	@Test
	void a_restart_after_a_failure_mid_step_and_a_rerun_book_nothing_twice() throws Exception {
		LocalDate date = LocalDate.parse("2026-11-03");
		stage("restart_2026_11_03", date);
		// the fifth row (second chunk of three) cannot be booked: a currency Stripe never writes
		this.jdbc.update("UPDATE reconciliation_stripe_rows SET currency = 'CAD' WHERE txn_id = ?",
				"txn_1Restart000000000000005");

		JobExecution failed = reconcile(date);

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(feeJournals("txn_1Restart%")).as("the first chunk committed, the failed one rolled back")
			.containsExactly("txn_1Restart000000000000001 31", "txn_1Restart000000000000002 32",
					"txn_1Restart000000000000003 33");

		this.jdbc.update("UPDATE reconciliation_stripe_rows SET currency = 'cad' WHERE txn_id = ?",
				"txn_1Restart000000000000005");
		assertThat(this.jobOperator.restart(failed).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		List<String> booked = List.of("txn_1Restart000000000000001 31", "txn_1Restart000000000000002 32",
				"txn_1Restart000000000000003 33", "txn_1Restart000000000000004 34", "txn_1Restart000000000000005 35",
				"txn_1Restart000000000000006 36", "txn_1Restart000000000000007 37");
		assertThat(feeJournals("txn_1Restart%")).containsExactlyElementsOf(booked);

		Job again = new JobBuilder("settlement-again", this.jobRepository).start(this.settlementStep).build();
		JobExecution rerun = this.jobOperator.start(again, new JobParametersBuilder()
			.addLocalDate(StripeReconciliationJobConfiguration.DATE, date)
			.toJobParameters());
		assertThat(rerun.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(rerun.getStepExecutions().iterator().next().getWriteCount()).isZero();
		assertThat(feeJournals("txn_1Restart%")).containsExactlyElementsOf(booked);
		// 31 + 32 + ... + 37 = 7 * 34 = 238, once
		assertThat(this.ledger.balance("platform:stripe_fees", "cad").debitsCents()).isEqualTo(238);
	}

	@Test
	void a_charge_presented_in_eur_and_settled_in_gbp_is_converted_at_stripes_rate() throws Exception {
		LocalDate date = LocalDate.parse("2026-11-04");
		List<StripeBalanceTransaction> day = stage("conversion_2026_11_04", date);
		// 100.00 EUR: 10% platform fee, the rest 60/40 between two payees
		long saleA = this.ledger.post(JournalEntry.of("sale", "pi_1FxA", "sale", day.get(0).created().minusSeconds(5),
				List.of(JournalLine.debit("platform:cash", 10_000, "eur"),
						JournalLine.credit("platform:fee_revenue", 1_000, "eur"),
						JournalLine.credit("payable:acct_1FxPayeeA", 5_400, "eur"),
						JournalLine.credit("payable:acct_1FxPayeeB", 3_600, "eur"))))
			.orElseThrow();
		order("pi_1FxA", saleA, 10_000, "eur", day.get(0).created());

		assertThat(reconcile(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// Stripe settled 10000 EUR at 0.8613 as 8613 GBP. Credits allocated from 8613 by the sale's 1000/5400/3600:
		// 861.3, 4651.02, 3100.68 -> floors 861 + 4651 + 3100 = 8612, the cent left to the largest remainder (.68)
		assertThat(lines("settlement_conversion", "txn_1FxChargeA0000000000001")).containsExactly(
				"C platform:cash 10000 eur", "D platform:fee_revenue 1000 eur", "D payable:acct_1FxPayeeA 5400 eur",
				"D payable:acct_1FxPayeeB 3600 eur", "D platform:cash 8613 gbp", "C platform:fee_revenue 861 gbp",
				"C payable:acct_1FxPayeeA 4651 gbp", "C payable:acct_1FxPayeeB 3101 gbp");
		assertThat(this.jdbc.queryForObject(
				"SELECT exchange_rate FROM journals WHERE kind = 'settlement_conversion' AND source_id = ?",
				BigDecimal.class, "txn_1FxChargeA0000000000001")).isEqualByComparingTo("0.8613");
		assertThat(lines("stripe_fee", "txn_1FxChargeA0000000000001"))
			.containsExactly("D platform:stripe_fees 285 gbp", "C platform:cash 285 gbp");
		// the second charge's sale is not booked yet: no conversion, one row naming it
		assertThat(lines("settlement_conversion", "txn_1FxChargeB0000000000002")).isEmpty();
		assertThat(discrepancies(date))
			.containsExactly("missing_in_ledger pi_1FxB stripe 4307 fee 155 gbp / ledger - fee 155 -");

		// booked later; a later day's run picks the waiting conversion up
		LocalDate later = LocalDate.parse("2026-11-09");
		long saleB = this.ledger.post(JournalEntry.of("sale", "pi_1FxB", "sale", Instant.parse("2026-11-09T09:00:00Z"),
				List.of(JournalLine.debit("platform:cash", 5_000, "eur"),
						JournalLine.credit("platform:fee_revenue", 500, "eur"),
						JournalLine.credit("payable:acct_1FxPayeeA", 4_500, "eur"))))
			.orElseThrow();
		order("pi_1FxB", saleB, 5_000, "eur", Instant.parse("2026-11-09T09:00:00Z"));
		assertThat(reconcile(later).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		// 4307 GBP by 500/4500: 430.7 and 3876.3 -> 430 + 3876 = 4306, the cent to the .7
		assertThat(lines("settlement_conversion", "txn_1FxChargeB0000000000002")).containsExactly(
				"C platform:cash 5000 eur", "D platform:fee_revenue 500 eur", "D payable:acct_1FxPayeeA 4500 eur",
				"D platform:cash 4307 gbp", "C platform:fee_revenue 431 gbp", "C payable:acct_1FxPayeeA 3876 gbp");
		// cash is held in GBP only: 8613 - 285 + 4307 - 155 = 12480 = the nets 8328 + 4152; EUR back to 0
		assertThat(cash("gbp")).isEqualTo(12_480);
		assertThat(cash("eur")).isZero();
		assertThat(integrityFailures(later)).noneMatch((failure) -> failure.contains(" gbp ") || failure.contains(" eur "));
	}

	@Test
	void every_mapped_type_is_booked_against_its_account() throws Exception {
		LocalDate date = LocalDate.parse("2026-11-05");
		stage("types_2026_11_05", date);

		assertThat(reconcile(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// money leaving the balance: Dr the mapped account / Cr cash; coming in: the other way
		assertThat(typeJournals(date)).containsExactly(
				"payout platform_payout D platform:bank_payouts 5000 | C platform:cash 5000",
				"payout_failure platform_payout D platform:cash 5000 | C platform:bank_payouts 5000",
				"payout_cancel platform_payout D platform:cash 1000 | C platform:bank_payouts 1000",
				"stripe_fee stripe_balance D platform:stripe_fees 995 | C platform:cash 995",
				"tax_fee stripe_balance D platform:stripe_fees 50 | C platform:cash 50",
				"stripe_fx_fee stripe_balance D platform:stripe_fees 20 | C platform:cash 20",
				"application_fee stripe_balance D platform:cash 300 | C platform:fee_revenue 300",
				"application_fee_refund stripe_balance D platform:fee_revenue 100 | C platform:cash 100",
				"topup stripe_balance D platform:cash 20000 | C platform:bank_payouts 20000",
				"adjustment stripe_balance D platform:stripe_adjustments 250 | C platform:cash 250",
				"reserve_transaction stripe_balance D platform:stripe_adjustments 1000 | C platform:cash 1000",
				"contribution stripe_balance D platform:stripe_adjustments 100 | C platform:cash 100",
				"tax_fund stripe_balance D platform:tax_payable 400 | C platform:cash 400",
				"reserved_funds stripe_balance D platform:cash 1000 | C platform:stripe_adjustments 1000");
		assertThat(discrepancies(date)).isEmpty();
		// -5000 + 5000 + 1000 - 995 - 50 - 20 + 300 - 100 + 20000 - 250 - 1000 - 100 - 400 + 1000 = 19385
		assertThat(cash("chf")).isEqualTo(19_385);
		assertThat(integrityFailures(date)).noneMatch((failure) -> failure.contains(" chf "));
	}

	@Test
	void a_type_the_table_does_not_map_is_a_discrepancy_with_a_warning_and_is_not_booked() throws Exception {
		LocalDate date = LocalDate.parse("2026-11-06");
		stage("unmapped_2026_11_06", date);

		assertThat(reconcile(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(discrepancies(date))
			.containsExactly("unmapped_type txn_1Unmapped00000000000001 stripe -700 fee 0 nok / ledger - fee 0 -");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE source_id = ?", Long.class,
				"txn_1Unmapped00000000000001")).isZero();
		Alert alert = this.alerts.find("reconciliation_unmapped_type:" + date);
		assertThat(alert).isNotNull();
		assertThat(alert.severity()).isEqualTo(Severity.WARNING);
		assertThat(alert.message()).contains("balance_transfer");
		assertThat(integrityFailures(date)).contains(
				"cash at Stripe in nok at the end of 2026-11-06: ledger 0, Stripe's balance transactions -700 (difference 700)");
	}

	@Test
	void the_cash_check_fails_with_both_figures_when_the_ledger_is_one_cent_off() throws Exception {
		LocalDate date = LocalDate.parse("2026-11-07");
		List<StripeBalanceTransaction> day = stage("cent_off_2026_11_07", date);
		// the sale booked one cent short of the 20.00 AUD charged
		long sale = this.ledger.post(JournalEntry.of("sale", "pi_1CentOff", "sale", day.get(0).created(),
				List.of(JournalLine.debit("platform:cash", 1_999, "aud"),
						JournalLine.credit("platform:fee_revenue", 199, "aud"),
						JournalLine.credit("payable:acct_1CentPayee", 1_800, "aud"))))
			.orElseThrow();
		order("pi_1CentOff", sale, 1_999, "aud", day.get(0).created());

		assertThat(reconcile(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// ledger 1999 - 88 = 1911; Stripe's net 2000 - 88 = 1912
		String failure = "cash at Stripe in aud at the end of 2026-11-07: ledger 1911, Stripe's balance transactions 1912"
				+ " (difference -1)";
		assertThat(integrityFailures(date)).contains(failure);
		Alert alert = this.alerts.find("ledger_integrity_failed:" + date);
		assertThat(alert).isNotNull();
		assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(alert.message()).contains(failure);
		assertThat(discrepancies(date))
			.containsExactly("amount_mismatch pi_1CentOff stripe 2000 fee 88 aud / ledger 1999 fee 88 aud");
	}

	@Test
	void a_dispute_withdrawal_and_a_failed_refund_match_their_journals_by_txn_and_re_ids() throws Exception {
		LocalDate date = LocalDate.parse("2026-11-08");
		List<StripeBalanceTransaction> day = stage("disputes_refund_failures_2026_11_08", date);
		sale("pi_1Dsp", day.get(0).created(), 5_000, "sgd", "acct_1DspPayee");
		// as the dispute handler books charge.dispute.funds_withdrawn: the amount and Stripe's dispute fee, each
		// sourced by the balance transaction in the dispute's balance_transactions
		this.ledger.post(JournalEntry.of("dispute_funds", "txn_1DspWithdrawal0000000002", "withdrawn", day.get(1).created(),
				List.of(JournalLine.debit("platform:dispute_funds", 5_000, "sgd"),
						JournalLine.credit("platform:cash", 5_000, "sgd"))));
		this.ledger.post(JournalEntry.of("stripe_fee", "txn_1DspWithdrawal0000000002", "dispute fee", day.get(1).created(),
				List.of(JournalLine.debit("platform:stripe_fees", 1_500, "sgd"),
						JournalLine.credit("platform:cash", 1_500, "sgd"))));
		// a refund of 10.00 that failed: its journal and the mirror
		List<JournalLine> refund = List.of(JournalLine.debit("platform:fee_revenue", 100, "sgd"),
				JournalLine.debit("payable:acct_1DspPayee", 900, "sgd"), JournalLine.credit("platform:cash", 1_000, "sgd"));
		this.ledger.post(JournalEntry.of("refund", "re_1DspFailed", "refund", day.get(2).created(), refund));
		this.ledger.post(JournalEntry.of("refund_failure", "re_1DspFailed", "refund failed", day.get(3).created(),
				refund.stream().map(JournalLine::mirrored).toList()));

		assertThat(reconcile(date).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(discrepancies(date)).isEmpty();
		assertThat(totals(date)).containsExactly("charge sgd 1 5000 175 / 1 5000 175",
				"dispute sgd 1 -5000 1500 / 1 -5000 1500", "refund sgd 1 -1000 0 / 1 -1000 0",
				"refund_failure sgd 1 1000 0 / 1 1000 0");
		// the handler's dispute fee journal is the settlement step's too: booked once
		assertThat(lines("stripe_fee", "txn_1DspWithdrawal0000000002"))
			.containsExactly("D platform:stripe_fees 1500 sgd", "C platform:cash 1500 sgd");
		// 5000 - 175 - 5000 - 1500 - 1000 + 1000 = -1675 = the nets 4825 - 6500 - 1000 + 1000
		assertThat(cash("sgd")).isEqualTo(-1_675);
		assertThat(integrityFailures(date)).noneMatch((failure) -> failure.contains(" sgd "));
	}

	// fixtures and ledger side

	private List<StripeBalanceTransaction> stage(String name, LocalDate date) throws Exception {
		List<StripeBalanceTransaction> rows = new ArrayList<>();
		try (InputStream in = getClass().getResourceAsStream("/reconciliation/balance-transactions.json")) {
			for (JsonNode txn : JSON.readTree(in).path(name)) {
				rows.add(balanceTransaction(txn));
			}
		}
		assertThat(rows).isNotEmpty();
		new StripeRowWriter(this.jdbc, date).write(new Chunk<>(rows));
		return rows;
	}

	/** As the gateway reads a listed balance transaction with its source expanded. */
	private static StripeBalanceTransaction balanceTransaction(JsonNode txn) {
		JsonNode source = txn.path("source");
		boolean expanded = source.isObject();
		String sourceId = expanded ? source.path("id").asString() : (source.isString() ? source.asString() : null);
		String sourceType = expanded ? source.path("object").asString() : null;
		boolean moneyObject = "charge".equals(sourceType) || "refund".equals(sourceType);
		return new StripeBalanceTransaction(txn.path("id").asString(), txn.path("type").asString(),
				txn.path("amount").asLong(), txn.path("fee").asLong(), txn.path("net").asLong(),
				txn.path("currency").asString(), sourceId, txn.path("status").asString(),
				txn.path("reporting_category").asString(), Instant.ofEpochSecond(txn.path("created").asLong()),
				Instant.ofEpochSecond(txn.path("available_on").asLong()),
				(expanded && source.path("payment_intent").isString()) ? source.path("payment_intent").asString() : null,
				txn.path("exchange_rate").isNumber() ? new BigDecimal(txn.path("exchange_rate").asString()) : null,
				sourceType, moneyObject ? source.path("currency").asString() : null,
				moneyObject ? source.path("amount").asLong() : null);
	}

	/** A sale as the handlers book it: Dr cash gross, Cr 10% fee revenue, Cr the payee the rest. */
	private void sale(String paymentIntent, Instant at, long gross, String currency, String payee) {
		long journal = this.ledger.post(JournalEntry.of("sale", paymentIntent, "sale", at,
				List.of(JournalLine.debit("platform:cash", gross, currency),
						JournalLine.credit("platform:fee_revenue", gross / 10, currency),
						JournalLine.credit("payable:" + payee, gross - gross / 10, currency))))
			.orElseThrow();
		order(paymentIntent, journal, gross, currency, at);
	}

	private void order(String paymentIntent, long journal, long amount, String currency, Instant at) {
		this.jdbc.update("""
				INSERT INTO orders (sale_key, checkout_session_id, payment_intent, amount_total, currency, payment_status,
				    status, journal_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, 'paid', 'PAID', ?, ?, ?)""", paymentIntent, "cs_" + paymentIntent.substring(3),
				paymentIntent, amount, currency, journal, Timestamp.from(at), Timestamp.from(at));
	}

	private JobExecution reconcile(LocalDate date) throws Exception {
		this.clock.set(Instant.parse(date.plusDays(1) + "T04:00:00Z"));
		return this.jobOperator.start(this.reconciliation,
				new JobParametersBuilder().addLocalDate(StripeReconciliationJobConfiguration.DATE, date).toJobParameters());
	}

	private List<String> lines(String kind, String sourceId) {
		return this.jdbc.queryForList("""
				SELECT p.side || ' ' || a.code || ' ' || p.amount || ' ' || p.currency
				  FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
				 WHERE j.kind = ? AND j.source_id = ? ORDER BY p.id""", String.class, kind, sourceId);
	}

	private List<String> feeJournals(String pattern) {
		return this.jdbc.queryForList("""
				SELECT j.source_id || ' ' || sum(p.amount) FROM journals j
				  JOIN postings p ON p.journal_id = j.id AND p.side = 'D'
				 WHERE j.kind = 'stripe_fee' AND j.source_id LIKE ? GROUP BY j.id, j.source_id ORDER BY j.source_id""",
				String.class, pattern);
	}

	private List<String> typeJournals(LocalDate date) {
		return this.jdbc.queryForList("""
				SELECT r.type || ' ' || j.kind || ' ' || string_agg(p.side || ' ' || a.code || ' ' || p.amount, ' | ' ORDER BY p.id)
				  FROM reconciliation_stripe_rows r JOIN journals j ON j.source_id = r.txn_id
				  JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
				 WHERE r.business_date = ? GROUP BY r.txn_id, r.type, j.kind ORDER BY r.txn_id""", String.class,
				java.sql.Date.valueOf(date));
	}

	private long cash(String currency) {
		return this.ledger.balance("platform:cash", currency).debitsCents()
				- this.ledger.balance("platform:cash", currency).creditsCents();
	}

	private List<String> integrityFailures(LocalDate date) {
		String[] failures = this.jdbc.queryForObject(
				"SELECT integrity_failures FROM reconciliation_runs WHERE business_date = ?",
				(rs, row) -> (String[]) rs.getArray(1).getArray(), java.sql.Date.valueOf(date));
		return Arrays.asList(failures);
	}

	private List<String> discrepancies(LocalDate date) {
		return this.jdbc.queryForList("""
				SELECT category || ' ' || object_id || ' stripe ' || coalesce(stripe_amount::text, '-') || ' fee '
				       || coalesce(stripe_fee::text, '-') || ' ' || coalesce(stripe_currency, '-') || ' / ledger '
				       || coalesce(ledger_amount::text, '-') || ' fee ' || coalesce(ledger_fee::text, '-') || ' '
				       || coalesce(ledger_currency, '-')
				  FROM reconciliation_discrepancies WHERE business_date = ? ORDER BY id""", String.class,
				java.sql.Date.valueOf(date));
	}

	private List<String> totals(LocalDate date) {
		return this.jdbc.queryForList("""
				SELECT category || ' ' || currency || ' ' || stripe_count || ' ' || stripe_amount || ' ' || stripe_fee
				       || ' / ' || ledger_count || ' ' || ledger_amount || ' ' || ledger_fee
				  FROM reconciliation_totals WHERE business_date = ? ORDER BY category, currency""", String.class,
				java.sql.Date.valueOf(date));
	}

}
