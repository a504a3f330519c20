package com.treasurybatch.shared.sales;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads and creates split rules. Joins the caller's transaction. */
@Repository
public class SplitRules {

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 */
	public SplitRules(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Reads a rule with its shares (by payee account, so that rounding is the same every time).
	 * @param id rule id
	 * @return the rule, or empty if there is none
	 */
	public Optional<SplitRule> find(String id) {
		List<Object[]> rows = this.jdbc.query("""
				SELECT r.description, r.platform_fee_bps, s.payee_account, s.bps
				FROM split_rules r JOIN split_rule_shares s ON s.rule_id = r.id
				WHERE r.id = ? ORDER BY s.payee_account
				""", (rs, row) -> new Object[] { rs.getString(1), rs.getObject(2, Integer.class), rs.getString(3),
				rs.getInt(4) }, id);
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		List<Share> shares = new ArrayList<>(rows.size());
		for (Object[] row : rows) {
			shares.add(new Share((String) row[2], (Integer) row[3]));
		}
		Integer fee = (Integer) rows.get(0)[1];
		return Optional.of(new SplitRule(id, (String) rows.get(0)[0],
				(fee != null) ? OptionalInt.of(fee) : OptionalInt.empty(), shares));
	}

	/**
	 * Creates a rule and its shares.
	 * @param rule a valid rule
	 * @throws org.springframework.dao.DuplicateKeyException if a rule with this id exists
	 */
	public void create(SplitRule rule) {
		this.jdbc.update("INSERT INTO split_rules (id, description, platform_fee_bps) VALUES (?, ?, ?)", rule.id(),
				rule.description(), rule.platformFeeBps().isPresent() ? rule.platformFeeBps().getAsInt() : null);
		this.jdbc.batchUpdate("INSERT INTO split_rule_shares (rule_id, payee_account, bps) VALUES (?, ?, ?)",
				rule.shares(), rule.shares().size(), (statement, share) -> {
					statement.setString(1, rule.id());
					statement.setString(2, share.payeeAccount());
					statement.setInt(3, share.bps());
				});
	}

}
