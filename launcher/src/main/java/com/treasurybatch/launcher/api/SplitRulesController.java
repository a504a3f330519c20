package com.treasurybatch.launcher.api;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.sales.SplitRule;
import com.treasurybatch.shared.sales.SplitRuleDesk;
import com.treasurybatch.shared.sales.SplitRuleVersion;

/**
 * Split rules. {@code GET /api/split-rules?include_retired=} and {@code GET /api/split-rules/{name}} (with every
 * version) for OPS, FINANCE, AUDITOR. OPS: {@code POST /api/split-rules} with
 * {@code {"name": "...", "shares": [{"account": "acct_...", "bps": 7000}, ...], "platform_fee_bps": 1000}}
 * (shares summing to 10000, fee optional: the configured default; {@code description} optional) answers 201;
 * {@code PUT /api/split-rules/{name}} makes a new version effective now (sales booked before keep theirs);
 * {@code DELETE /api/split-rules/{name}} retires a rule some sale named (200, {@code "removal": "RETIRED"}) and
 * deletes one no sale named (200, {@code "removal": "DELETED"}). All audited. Problems: 400 malformed, 404 unknown
 * rule, 409 name taken or rule retired, 422 an account that is not a known connected account.
 */
@RestController
@RequestMapping("/api/split-rules")
class SplitRulesController {

	private final SplitRuleDesk desk;

	SplitRulesController(SplitRuleDesk desk) {
		this.desk = desk;
	}

	@GetMapping
	List<RuleView> list(@RequestParam(name = "include_retired", defaultValue = "false") boolean includeRetired) {
		return this.desk.list(includeRetired).stream().map(RuleView::of).toList();
	}

	@GetMapping("/{name}")
	Map<String, Object> show(@PathVariable String name) {
		return Map.of("rule", RuleView.of(this.desk.show(name)),
				"versions", this.desk.versions(name).stream().map(RuleView::of).toList());
	}

	@PostMapping
	ResponseEntity<RuleView> create(@RequestBody RuleBody body, Principal principal) {
		SplitRuleVersion created = this.desk.create(body.rule(null), ApiActor.of(principal));
		return ResponseEntity.created(URI.create("/api/split-rules/" + created.rule().id())).body(RuleView.of(created));
	}

	@PutMapping("/{name}")
	RuleView update(@PathVariable String name, @RequestBody RuleBody body, Principal principal) {
		return RuleView.of(this.desk.update(body.rule(name), ApiActor.of(principal)));
	}

	@DeleteMapping("/{name}")
	Map<String, Object> remove(@PathVariable String name, Principal principal) {
		return Map.of("name", name, "removal", this.desk.remove(name, ApiActor.of(principal)).name());
	}

	/**
	 * A rule as posted.
	 * @param name the rule's name (metadata {@code tb_split_rule})
	 * @param description for people, default the name
	 * @param shares payees and basis points
	 * @param platformFeeBps the platform's fee, or null for the configured default
	 */
	record RuleBody(String name, String description, List<ShareBody> shares,
			@JsonProperty("platform_fee_bps") Integer platformFeeBps) {

		SplitRule rule(String pathName) {
			String id = (pathName != null) ? pathName : this.name;
			if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")) {
				throw new IllegalArgumentException(
						"name must be 1 to 64 letters, digits, '_', '.', ':' or '-', got '" + id + "'");
			}
			if (pathName != null && this.name != null && !this.name.equals(pathName)) {
				throw new IllegalArgumentException("name in the body (" + this.name + ") differs from the path ("
						+ pathName + "): a rule cannot be renamed");
			}
			if (this.shares == null || this.shares.isEmpty()) {
				throw new IllegalArgumentException("shares are required");
			}
			List<Share> parsed = this.shares.stream().map((share) -> {
				if (share == null || share.bps() == null) {
					throw new IllegalArgumentException("every share needs account and bps");
				}
				return new Share(share.account(), share.bps());
			}).toList();
			return new SplitRule(id, (this.description != null) ? this.description : id,
					(this.platformFeeBps != null) ? OptionalInt.of(this.platformFeeBps) : OptionalInt.empty(), parsed);
		}

	}

	/**
	 * @param account {@code acct_...}
	 * @param bps basis points
	 */
	record ShareBody(String account, Integer bps) {
	}

	/**
	 * A rule version as answered.
	 * @param name the rule
	 * @param description for people
	 * @param shares payees and basis points
	 * @param platformFeeBps fee, or null for the configured default
	 * @param version this version's number
	 * @param effectiveFrom when it came into force
	 * @param createdBy who made it
	 * @param current whether it is the current version
	 * @param retiredAt when the rule was retired, or null
	 */
	record RuleView(String name, String description, List<ShareBody> shares,
			@JsonProperty("platform_fee_bps") Integer platformFeeBps, int version,
			@JsonProperty("effective_from") Instant effectiveFrom, @JsonProperty("created_by") String createdBy,
			boolean current, @JsonProperty("retired_at") Instant retiredAt) {

		static RuleView of(SplitRuleVersion version) {
			SplitRule rule = version.rule();
			return new RuleView(rule.id(), rule.description(),
					rule.shares().stream().map((share) -> new ShareBody(share.payeeAccount(), share.bps())).toList(),
					rule.platformFeeBps().isPresent() ? rule.platformFeeBps().getAsInt() : null, version.version(),
					version.effectiveFrom(), version.createdBy(), version.current(), version.retiredAt());
		}

	}

}
