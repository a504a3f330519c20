package com.treasurybatch.shared.sales;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads, creates, changes and retires split rules ({@code split_rules}, {@code split_rule_shares} holding the
 * current version, {@code split_rule_versions} and {@code split_rule_version_shares} holding every version). A
 * change is a new version effective from the clock's now; earlier versions stay as they were, so a sale follows
 * the version in force at its time ({@link #findInForce}). Joins the caller's transaction.
 */
@Repository
public class SplitRules {

	private static final String SYSTEM = "system";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 * @param clock UTC clock: a version's {@code effective_from}
	 */
	public SplitRules(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Reads a rule's current version with its shares (by payee account, so that rounding is the same every time).
	 * @param id rule id
	 * @return the rule, or empty if there is none (a retired rule is still found)
	 */
	public Optional<SplitRule> find(String id) {
		return findVersion(id, null).map(SplitRuleVersion::rule);
	}

	/**
	 * The version of a rule in force at an instant: the newest whose {@code effective_from} is at or before it;
	 * for an instant before the first version, the first version (the rule was named by the sale, so it was made
	 * for it).
	 * @param id rule id
	 * @param at the sale's time (UTC)
	 * @return the version, or empty if there is no such rule or it was retired at or before {@code at}
	 */
	public Optional<SplitRuleVersion> findInForce(String id, Instant at) {
		// one round trip: inbox-processing resolves a rule for every sale that names one
		Timestamp instant = Timestamp.from(at);
		return version(this.jdbc.query("""
				WITH in_force AS (
				    SELECT coalesce(
				        (SELECT max(version) FROM split_rule_versions WHERE rule_id = r.id AND effective_from <= ?),
				        (SELECT min(version) FROM split_rule_versions WHERE rule_id = r.id)) AS version
				      FROM split_rules r
				     WHERE r.id = ? AND (r.retired_at IS NULL OR r.retired_at > ?))
				SELECT v.version, v.description, v.platform_fee_bps, v.effective_from, v.created_by, s.payee_account,
				       s.bps, r.retired_at, r.current_version
				  FROM in_force f
				  JOIN split_rules r ON r.id = ?
				  JOIN split_rule_versions v ON v.rule_id = r.id AND v.version = f.version
				  JOIN split_rule_version_shares s ON s.rule_id = v.rule_id AND s.version = v.version
				 ORDER BY s.payee_account""", SplitRules::versionRow, instant, id, instant, id), id);
	}

	/**
	 * {@link #findInForce(String, Instant)} for many rules and instants, in one query: what inbox-processing asks
	 * once per run of sales instead of once per sale.
	 * @param lookups rules and the sales' times (UTC); repeats allowed
	 * @return per distinct lookup, the version in force, or empty if there is no such rule or it was retired at or
	 * before the instant
	 */
	public Map<SplitRuleAt, Optional<SplitRuleVersion>> findInForce(Collection<SplitRuleAt> lookups) {
		List<SplitRuleAt> distinct = new ArrayList<>(new LinkedHashSet<>(lookups));
		Map<SplitRuleAt, Optional<SplitRuleVersion>> found = new HashMap<>();
		if (distinct.isEmpty()) {
			return found;
		}
		String[] ids = new String[distinct.size()];
		Timestamp[] instants = new Timestamp[distinct.size()];
		for (int i = 0; i < distinct.size(); i++) {
			ids[i] = distinct.get(i).ruleId();
			instants[i] = Timestamp.from(distinct.get(i).at());
		}
		Map<Integer, List<Object[]>> rows = new HashMap<>();
		this.jdbc.query((Connection connection) -> {
			PreparedStatement statement = connection.prepareStatement("""
					WITH lookup AS (
					    SELECT * FROM unnest(?::text[], ?::timestamptz[]) WITH ORDINALITY AS l (rule_id, at, n)
					), in_force AS (
					    SELECT l.n, r.id AS rule_id, coalesce(
					        (SELECT max(version) FROM split_rule_versions WHERE rule_id = r.id AND effective_from <= l.at),
					        (SELECT min(version) FROM split_rule_versions WHERE rule_id = r.id)) AS version
					      FROM lookup l JOIN split_rules r ON r.id = l.rule_id
					     WHERE r.retired_at IS NULL OR r.retired_at > l.at)
					SELECT f.n, v.version, v.description, v.platform_fee_bps, v.effective_from, v.created_by,
					       s.payee_account, s.bps, r.retired_at, r.current_version
					  FROM in_force f
					  JOIN split_rules r ON r.id = f.rule_id
					  JOIN split_rule_versions v ON v.rule_id = r.id AND v.version = f.version
					  JOIN split_rule_version_shares s ON s.rule_id = v.rule_id AND s.version = v.version
					 ORDER BY f.n, s.payee_account""");
			statement.setArray(1, connection.createArrayOf("text", ids));
			statement.setArray(2, connection.createArrayOf("timestamptz", instants));
			return statement;
		}, (ResultSet resultSet) -> {
			rows.computeIfAbsent(resultSet.getInt(1), (n) -> new ArrayList<>()).add(new Object[] {
					resultSet.getInt(2), resultSet.getString(3), resultSet.getObject(4, Integer.class),
					resultSet.getTimestamp(5).toInstant(), resultSet.getString(6), resultSet.getString(7),
					resultSet.getInt(8), resultSet.getTimestamp(9), resultSet.getInt(10) });
		});
		for (int i = 0; i < distinct.size(); i++) {
			SplitRuleAt lookup = distinct.get(i);
			found.put(lookup, version(rows.getOrDefault(i + 1, List.of()), lookup.ruleId()));
		}
		return found;
	}

	/**
	 * Reads one version of a rule.
	 * @param id rule id
	 * @param version 1 or more; null for the current one
	 * @return the version, or empty if there is none
	 */
	public Optional<SplitRuleVersion> findVersion(String id, Integer version) {
		return version(this.jdbc.query("""
				SELECT v.version, v.description, v.platform_fee_bps, v.effective_from, v.created_by, s.payee_account,
				       s.bps, r.retired_at, r.current_version
				  FROM split_rules r
				  JOIN split_rule_versions v ON v.rule_id = r.id AND v.version = coalesce(?, r.current_version)
				  JOIN split_rule_version_shares s ON s.rule_id = v.rule_id AND s.version = v.version
				 WHERE r.id = ? ORDER BY s.payee_account""", SplitRules::versionRow, version, id), id);
	}

	/** One share row of a version: the version's columns, then the share's. */
	private static Object[] versionRow(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Object[] { rs.getInt(1), rs.getString(2), rs.getObject(3, Integer.class),
				rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getTimestamp(8),
				rs.getInt(9) };
	}

	/** The version of {@link #versionRow} rows (one per share), or empty for none. */
	private static Optional<SplitRuleVersion> version(List<Object[]> rows, String id) {
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		List<Share> shares = new ArrayList<>(rows.size());
		for (Object[] row : rows) {
			shares.add(new Share((String) row[5], (Integer) row[6]));
		}
		Object[] first = rows.get(0);
		Integer fee = (Integer) first[2];
		SplitRule rule = new SplitRule(id, (String) first[1], (fee != null) ? OptionalInt.of(fee) : OptionalInt.empty(),
				shares);
		Timestamp retired = (Timestamp) first[7];
		return Optional.of(new SplitRuleVersion(rule, (Integer) first[0], (Instant) first[3], (String) first[4],
				(Integer) first[0] == (int) (Integer) first[8], (retired != null) ? retired.toInstant() : null));
	}

	/**
	 * Every version of a rule, oldest first.
	 * @param id rule id
	 * @return the versions, empty if there is no such rule
	 */
	public List<SplitRuleVersion> versions(String id) {
		List<Integer> numbers = this.jdbc.queryForList(
				"SELECT version FROM split_rule_versions WHERE rule_id = ? ORDER BY version", Integer.class, id);
		return numbers.stream().map((number) -> findVersion(id, number).orElseThrow()).toList();
	}

	/**
	 * The current version of every rule, by id.
	 * @param includeRetired whether retired rules are listed
	 * @return the rules
	 */
	public List<SplitRuleVersion> list(boolean includeRetired) {
		List<String> ids = this.jdbc.queryForList(
				"SELECT id FROM split_rules WHERE ? OR retired_at IS NULL ORDER BY id", String.class, includeRetired);
		return ids.stream().map((id) -> findVersion(id, null).orElseThrow()).toList();
	}

	/**
	 * Creates a rule, its shares and its version 1, effective now.
	 * @param rule a valid rule
	 * @throws org.springframework.dao.DuplicateKeyException if a rule with this id exists
	 */
	public void create(SplitRule rule) {
		create(rule, SYSTEM);
	}

	/**
	 * Creates a rule, its shares and its version 1, effective now.
	 * @param rule a valid rule
	 * @param createdBy who made it
	 * @throws org.springframework.dao.DuplicateKeyException if a rule with this id exists
	 */
	public void create(SplitRule rule, String createdBy) {
		Instant now = this.clock.instant();
		this.jdbc.update(
				"INSERT INTO split_rules (id, description, platform_fee_bps, created_at, current_version) VALUES (?, ?, ?, ?, 1)",
				rule.id(), rule.description(), fee(rule), Timestamp.from(now));
		insertShares("split_rule_shares", rule, null);
		insertVersion(rule, 1, now, createdBy);
	}

	/**
	 * Changes a rule: a new version, effective now, becomes the current one; earlier versions are kept.
	 * @param rule the rule's new description, fee and shares
	 * @param createdBy who changed it
	 * @return the new version's number
	 * @throws IllegalStateException if there is no such rule or it is retired
	 */
	public int update(SplitRule rule, String createdBy) {
		List<Integer> current = this.jdbc.queryForList(
				"SELECT current_version FROM split_rules WHERE id = ? AND retired_at IS NULL FOR UPDATE", Integer.class,
				rule.id());
		if (current.isEmpty()) {
			throw new IllegalStateException("No active split rule " + rule.id());
		}
		int version = current.get(0) + 1;
		Instant now = this.clock.instant();
		this.jdbc.update("UPDATE split_rules SET description = ?, platform_fee_bps = ?, current_version = ? WHERE id = ?",
				rule.description(), fee(rule), version, rule.id());
		this.jdbc.update("DELETE FROM split_rule_shares WHERE rule_id = ?", rule.id());
		insertShares("split_rule_shares", rule, null);
		insertVersion(rule, version, now, createdBy);
		return version;
	}

	/**
	 * Whether any order names the rule (booked with any of its versions).
	 * @param id rule id
	 * @return true if a sale used it
	 */
	public boolean inUse(String id) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM orders WHERE split_rule_id = ?", Long.class, id);
		return count != null && count > 0;
	}

	/**
	 * Retires a rule from now: later sales naming it go to suspense; its versions stay.
	 * @param id rule id
	 * @param by who retired it
	 * @return true if it was active and is now retired
	 */
	public boolean retire(String id, String by) {
		return this.jdbc.update("UPDATE split_rules SET retired_at = ?, retired_by = ? WHERE id = ? AND retired_at IS NULL",
				Timestamp.from(this.clock.instant()), by, id) == 1;
	}

	/**
	 * Deletes a rule no sale ever named, with all its versions.
	 * @param id rule id
	 * @return true if deleted
	 * @throws IllegalStateException if a sale names it (retire it instead)
	 */
	public boolean deleteUnused(String id) {
		if (inUse(id)) {
			throw new IllegalStateException("Split rule " + id + " is named by sales: it can only be retired");
		}
		this.jdbc.update("DELETE FROM split_rule_version_shares WHERE rule_id = ?", id);
		this.jdbc.update("DELETE FROM split_rule_versions WHERE rule_id = ?", id);
		this.jdbc.update("DELETE FROM split_rule_shares WHERE rule_id = ?", id);
		return this.jdbc.update("DELETE FROM split_rules WHERE id = ?", id) == 1;
	}

	private void insertVersion(SplitRule rule, int version, Instant effectiveFrom, String createdBy) {
		this.jdbc.update("""
				INSERT INTO split_rule_versions (rule_id, version, description, platform_fee_bps, effective_from,
				    created_by) VALUES (?, ?, ?, ?, ?, ?)""", rule.id(), version, rule.description(), fee(rule),
				Timestamp.from(effectiveFrom), createdBy);
		insertShares("split_rule_version_shares", rule, version);
	}

	private void insertShares(String table, SplitRule rule, Integer version) {
		String sql = (version == null)
				? "INSERT INTO " + table + " (rule_id, payee_account, bps) VALUES (?, ?, ?)"
				: "INSERT INTO " + table + " (rule_id, payee_account, bps, version) VALUES (?, ?, ?, ?)";
		this.jdbc.batchUpdate(sql, rule.shares(), rule.shares().size(), (statement, share) -> {
			statement.setString(1, rule.id());
			statement.setString(2, share.payeeAccount());
			statement.setInt(3, share.bps());
			if (version != null) {
				statement.setInt(4, version);
			}
		});
	}

	private static Integer fee(SplitRule rule) {
		return rule.platformFeeBps().isPresent() ? rule.platformFeeBps().getAsInt() : null;
	}

}
