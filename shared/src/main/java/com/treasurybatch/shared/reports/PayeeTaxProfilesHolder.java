package com.treasurybatch.shared.reports;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.privacy.ErasureSubject;
import com.treasurybatch.shared.privacy.Holding;
import com.treasurybatch.shared.privacy.LegalDuty;
import com.treasurybatch.shared.privacy.PersonalDataHolder;
import com.treasurybatch.shared.privacy.Restrictions;

/**
 * An erased payee's tax profile ({@code payee_tax_profiles}: legal name, address, TIN, VAT id): kept under
 * {@link LegalDuty#TAX_RECORDS_7_YEARS} (the 1099s filed with it and their supporting data), from the purge's date
 * (the profile supports every tax year up to it), and restricted ({@link Restrictions#restrictAccount}): statements
 * show the opaque account id instead of the name from then on.
 */
@Component
public class PayeeTaxProfilesHolder implements PersonalDataHolder {

	/** The holder's name in the erasure log. */
	public static final String NAME = "payee_tax_profiles";

	private final JdbcTemplate jdbc;

	private final Restrictions restrictions;

	private final Clock clock;

	/**
	 * @param jdbc the application's database
	 * @param restrictions where the restriction is recorded
	 * @param clock the assessment's time
	 */
	public PayeeTaxProfilesHolder(JdbcTemplate jdbc, Restrictions restrictions, Clock clock) {
		this.jdbc = jdbc;
		this.restrictions = restrictions;
		this.clock = clock;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Map<Long, Holding> assess(List<ErasureSubject> subjects) {
		return kept(subjects, this.clock.instant(), false);
	}

	@Override
	public Map<Long, Holding> erase(List<ErasureSubject> subjects, Instant now) {
		return kept(subjects, now, true);
	}

	private Map<Long, Holding> kept(List<ErasureSubject> subjects, Instant now, boolean restrict) {
		Map<String, List<Long>> requestsByAccount = new HashMap<>();
		for (ErasureSubject subject : subjects) {
			subject.subject().accountIds().forEach((account) -> requestsByAccount
				.computeIfAbsent(account, (a) -> new ArrayList<>()).add(subject.requestId()));
		}
		if (requestsByAccount.isEmpty()) {
			return Map.of();
		}
		List<String> found = this.jdbc.queryForList(
				"SELECT account_id FROM payee_tax_profiles WHERE account_id = ANY(?::text[])", String.class,
				(Object) requestsByAccount.keySet().toArray(String[]::new));
		Map<Long, Holding> holdings = new HashMap<>();
		for (String account : found) {
			for (Long request : requestsByAccount.get(account)) {
				if (restrict) {
					this.restrictions.restrictAccount(request, account, now);
				}
				holdings.put(request, Holding.kept(NAME, 1, LegalDuty.TAX_RECORDS_7_YEARS,
						LegalDuty.TAX_RECORDS_7_YEARS.endsFor(now)));
			}
		}
		return holdings;
	}

}
