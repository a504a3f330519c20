package com.treasurybatch.jobs.reconciliation;

import java.sql.Connection;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.stripe.StripeBalanceTransaction;

/**
 * Stages one chunk of balance transactions into {@code reconciliation_stripe_rows} (with the expanded source's
 * object, currency, amount and payment intent, and Stripe's exchange rate) with one statement
 * ({@code INSERT ... SELECT FROM unnest(arrays)}: one round trip per chunk); a row staged before is ignored, so a
 * restart can list the day again.
 */
class StripeRowWriter implements ItemWriter<StripeBalanceTransaction> {

	private static final String SQL = """
			INSERT INTO reconciliation_stripe_rows (business_date, txn_id, type, reporting_category, source_id,
			    payment_intent, amount, fee, currency, created, available_on, net, exchange_rate, source_type,
			    source_currency, source_amount)
			SELECT ?, * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],
			    ?::text[], ?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::numeric[], ?::text[], ?::text[],
			    ?::bigint[])
			ON CONFLICT (business_date, txn_id) DO NOTHING""";

	private final JdbcTemplate jdbc;

	private final LocalDate date;

	StripeRowWriter(JdbcTemplate jdbc, LocalDate date) {
		this.jdbc = jdbc;
		this.date = date;
	}

	@Override
	public void write(Chunk<? extends StripeBalanceTransaction> chunk) {
		List<? extends StripeBalanceTransaction> rows = chunk.getItems();
		this.jdbc.update((Connection connection) -> {
			var statement = connection.prepareStatement(SQL);
			statement.setDate(1, Date.valueOf(this.date));
			statement.setArray(2, texts(connection, rows, StripeBalanceTransaction::id));
			statement.setArray(3, texts(connection, rows, StripeBalanceTransaction::type));
			statement.setArray(4, texts(connection, rows, StripeBalanceTransaction::reportingCategory));
			statement.setArray(5, texts(connection, rows, StripeBalanceTransaction::sourceId));
			statement.setArray(6, texts(connection, rows, StripeBalanceTransaction::paymentIntent));
			statement.setArray(7, connection.createArrayOf("bigint",
					rows.stream().map(StripeBalanceTransaction::amount).toArray()));
			statement.setArray(8, connection.createArrayOf("bigint",
					rows.stream().map(StripeBalanceTransaction::fee).toArray()));
			statement.setArray(9, texts(connection, rows, StripeBalanceTransaction::currency));
			statement.setArray(10, connection.createArrayOf("timestamptz",
					rows.stream().map((row) -> Timestamp.from(row.created())).toArray()));
			statement.setArray(11, connection.createArrayOf("timestamptz", rows.stream()
				.map((row) -> (row.availableOn() != null) ? Timestamp.from(row.availableOn()) : null)
				.toArray()));
			statement.setArray(12, connection.createArrayOf("bigint",
					rows.stream().map(StripeBalanceTransaction::net).toArray()));
			statement.setArray(13, connection.createArrayOf("numeric",
					rows.stream().map(StripeBalanceTransaction::exchangeRate).toArray()));
			statement.setArray(14, texts(connection, rows, StripeBalanceTransaction::sourceType));
			statement.setArray(15, texts(connection, rows, StripeBalanceTransaction::sourceCurrency));
			statement.setArray(16, connection.createArrayOf("bigint",
					rows.stream().map(StripeBalanceTransaction::sourceAmount).toArray()));
			return statement;
		});
	}

	private static java.sql.Array texts(Connection connection, List<? extends StripeBalanceTransaction> rows,
			java.util.function.Function<StripeBalanceTransaction, String> field) throws java.sql.SQLException {
		return connection.createArrayOf("text", rows.stream().map(field).toArray());
	}

}
