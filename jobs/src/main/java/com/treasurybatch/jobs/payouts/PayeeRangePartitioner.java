package com.treasurybatch.jobs.payouts;

import java.sql.Array;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.partitioning.KeyRanges;

/**
 * Splits the payees into at most {@code gridSize} ranges of payee account ids holding about as many payees each
 * (boundaries are percentiles of the payable accounts' ids, computed by PostgreSQL), so that the partitions finish
 * together and the Stripe throttle stays busy to the end. Partition {@code i} pays the payees with
 * {@code from <= acct < to}; the first range has no lower bound and the last no upper bound, so a payee created
 * later still belongs to one. The bounds are kept in each partition's step execution context: a restart reads
 * exactly the same ranges.
 */
class PayeeRangePartitioner implements Partitioner {

	/** Context key of the inclusive lower bound (absent: none). */
	static final String FROM = "fromPayee";

	/** Context key of the exclusive upper bound (absent: none). */
	static final String TO = "toPayee";

	private final JdbcTemplate jdbc;

	PayeeRangePartitioner(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		List<String> bounds = bounds(gridSize);
		return KeyRanges.partitions(bounds, FROM, TO, "payees");
	}

	/** The distinct inner boundaries, ascending: at most {@code gridSize - 1}. */
	private List<String> bounds(int gridSize) {
		if (gridSize <= 1) {
			return List.of();
		}
		Double[] fractions = new Double[gridSize - 1];
		for (int k = 1; k < gridSize; k++) {
			fractions[k - 1] = (double) k / gridSize;
		}
		String[] found = this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement("""
					SELECT percentile_disc(?::float8[]) WITHIN GROUP (ORDER BY substr(code, length('payable:') + 1))
					FROM ledger_accounts WHERE code LIKE 'payable:%'
					""");
			statement.setArray(1, connection.createArrayOf("float8", fractions));
			return statement;
		}, (rs) -> {
			if (!rs.next()) {
				return new String[0];
			}
			Array values = rs.getArray(1);
			return (values != null) ? (String[]) values.getArray() : new String[0];
		});
		return Arrays.stream(found).filter((bound) -> bound != null).distinct().sorted().toList();
	}

}
