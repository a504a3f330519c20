package com.treasurybatch.shared.sales;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;
import com.treasurybatch.shared.sales.SplitRuleRefusedException.Kind;

/**
 * Split rules for the API and the CLI: create (version 1), change (a new version effective now; sales booked
 * before keep theirs), retire or delete. Every share must name a known connected account ({@code connected_accounts},
 * from Stripe's {@code account.updated}). A rule some sale named is retired, never deleted; a rule no sale named is
 * deleted with its versions. Audited as {@code split_rule.create}, {@code split_rule.update},
 * {@code split_rule.retire}, {@code split_rule.delete}, refusals too.
 */
@Service
public class SplitRuleDesk {

	private final SplitRules rules;

	private final ConnectedAccounts accounts;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	/**
	 * @param rules the rules
	 * @param accounts the known connected accounts
	 * @param audit the audit trail
	 * @param transactionManager each change and its audit row commit together
	 */
	public SplitRuleDesk(SplitRules rules, ConnectedAccounts accounts, AuditLog audit,
			PlatformTransactionManager transactionManager) {
		this.rules = rules;
		this.accounts = accounts;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/** What a deletion did. */
	public enum Removal {

		/** The rule was in use: retired, its versions kept. */
		RETIRED,

		/** No sale named it: deleted with its versions. */
		DELETED

	}

	/**
	 * Creates a rule.
	 * @param rule the rule (its id is the name)
	 * @param actor who
	 * @return its version 1
	 * @throws SplitRuleRefusedException CONFLICT if the name exists, UNPROCESSABLE for an unknown account
	 */
	public SplitRuleVersion create(SplitRule rule, Actor actor) {
		return audited(actor, "split_rule.create", rule, () -> {
			if (this.rules.find(rule.id()).isPresent()) {
				throw new SplitRuleRefusedException(Kind.CONFLICT, "split rule " + rule.id() + " exists: change it with PUT");
			}
			checkAccounts(rule);
			this.rules.create(rule, actor.name());
			return this.rules.findVersion(rule.id(), null).orElseThrow();
		});
	}

	/**
	 * Changes a rule: a new version effective now.
	 * @param rule the rule's new content
	 * @param actor who
	 * @return the new version
	 * @throws SplitRuleRefusedException NOT_FOUND, CONFLICT if retired, UNPROCESSABLE for an unknown account
	 */
	public SplitRuleVersion update(SplitRule rule, Actor actor) {
		return audited(actor, "split_rule.update", rule, () -> {
			SplitRuleVersion current = existing(rule.id());
			if (current.retiredAt() != null) {
				throw new SplitRuleRefusedException(Kind.CONFLICT,
						"split rule " + rule.id() + " was retired at " + current.retiredAt());
			}
			checkAccounts(rule);
			int version = this.rules.update(rule, actor.name());
			return this.rules.findVersion(rule.id(), version).orElseThrow();
		});
	}

	/**
	 * Removes a rule: retired when a sale named it, deleted otherwise.
	 * @param name the rule
	 * @param actor who
	 * @return what was done
	 * @throws SplitRuleRefusedException NOT_FOUND, CONFLICT if retired already
	 */
	public Removal remove(String name, Actor actor) {
		Map<String, Object> parameters = Map.of("name", name);
		try {
			return this.transaction.execute((status) -> {
				SplitRuleVersion current = existing(name);
				if (current.retiredAt() != null) {
					throw new SplitRuleRefusedException(Kind.CONFLICT,
							"split rule " + name + " was retired at " + current.retiredAt());
				}
				if (this.rules.inUse(name)) {
					this.rules.retire(name, actor.name());
					this.audit.record(new AuditEvent(actor, "split_rule.retire", target(name), parameters,
							AuditOutcome.OK, "named by sales: retired, versions kept"));
					return Removal.RETIRED;
				}
				this.rules.deleteUnused(name);
				this.audit.record(new AuditEvent(actor, "split_rule.delete", target(name), parameters,
						AuditOutcome.OK, "no sale named it: deleted"));
				return Removal.DELETED;
			});
		}
		catch (SplitRuleRefusedException ex) {
			this.audit.record(new AuditEvent(actor, "split_rule.delete", target(name), parameters,
					AuditOutcome.REFUSED, ex.getMessage()));
			throw ex;
		}
	}

	/**
	 * A rule's current version.
	 * @param name the rule
	 * @return the version
	 * @throws SplitRuleRefusedException NOT_FOUND
	 */
	public SplitRuleVersion show(String name) {
		return existing(name);
	}

	/**
	 * Every version of a rule, oldest first.
	 * @param name the rule
	 * @return the versions
	 * @throws SplitRuleRefusedException NOT_FOUND
	 */
	public List<SplitRuleVersion> versions(String name) {
		existing(name);
		return this.rules.versions(name);
	}

	/**
	 * The rules' current versions.
	 * @param includeRetired whether retired ones are listed
	 * @return by name
	 */
	public List<SplitRuleVersion> list(boolean includeRetired) {
		return this.rules.list(includeRetired);
	}

	private SplitRuleVersion existing(String name) {
		return this.rules.findVersion(name, null)
			.orElseThrow(() -> new SplitRuleRefusedException(Kind.NOT_FOUND, "no split rule " + name));
	}

	private void checkAccounts(SplitRule rule) {
		List<String> unknown = rule.shares()
			.stream()
			.map(Share::payeeAccount)
			.filter((account) -> this.accounts.find(account).isEmpty())
			.toList();
		if (!unknown.isEmpty()) {
			throw new SplitRuleRefusedException(Kind.UNPROCESSABLE,
					"not known connected accounts (no account.updated received): " + String.join(", ", unknown));
		}
	}

	private SplitRuleVersion audited(Actor actor, String action, SplitRule rule,
			java.util.function.Supplier<SplitRuleVersion> work) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("name", rule.id());
		parameters.put("shares", rule.shares().stream().map((share) -> share.payeeAccount() + ":" + share.bps()).toList());
		rule.platformFeeBps().ifPresent((fee) -> parameters.put("platform_fee_bps", fee));
		try {
			return this.transaction.execute((status) -> {
				SplitRuleVersion version = work.get();
				this.audit.record(new AuditEvent(actor, action, target(rule.id()), parameters, AuditOutcome.OK,
						"version " + version.version() + " effective from " + version.effectiveFrom()));
				return version;
			});
		}
		catch (SplitRuleRefusedException ex) {
			this.audit.record(new AuditEvent(actor, action, target(rule.id()), parameters, AuditOutcome.REFUSED,
					ex.getMessage()));
			throw ex;
		}
	}

	private static String target(String name) {
		return "split_rule:" + name;
	}

}
