package com.treasurybatch.shared.payouts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;
import com.treasurybatch.shared.ledger.LedgerAccounts;

/**
 * Records a payee's instant payout request for the CLI and the API, audited as {@code payout.instant_request}
 * (refusals too). The {@code instant-payouts} job pays it (docs.stripe.com/connect/instant-payouts).
 */
@Service
public class InstantPayoutDesk {

	/** The audited action. */
	public static final String ACTION = "payout.instant_request";

	private final InstantPayoutRequests requests;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	/**
	 * @param requests the request rows
	 * @param audit the audit trail
	 * @param transactionManager each request and its audit row commit together
	 */
	public InstantPayoutDesk(InstantPayoutRequests requests, AuditLog audit,
			PlatformTransactionManager transactionManager) {
		this.requests = requests;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Records a request, REQUESTED.
	 * @param payeeAccount the connected account, {@code acct_...}
	 * @param currency lowercase ISO 4217, e.g. {@code usd}
	 * @param amountCents minor units (cents), positive, or null for all available when the job pays it
	 * @param actor who asked, and through which channel
	 * @return the recorded request
	 * @throws InstantPayoutRefusedException if malformed or one of the payee in that currency is open
	 */
	public InstantPayoutRequest request(String payeeAccount, String currency, Long amountCents, Actor actor) {
		String target = "instant_payout:" + payeeAccount;
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("payee", String.valueOf(payeeAccount));
		parameters.put("currency", String.valueOf(currency));
		parameters.put("amount", (amountCents != null) ? amountCents : "all available");
		String malformed = malformed(payeeAccount, currency, amountCents);
		InstantPayoutRefusedException refused = (malformed != null)
				? new InstantPayoutRefusedException(malformed, false) : null;
		if (refused == null) {
			InstantPayoutRequest created = this.transaction.execute((status) -> {
				InstantPayoutRequest request = this.requests.create(payeeAccount, currency, amountCents, actor.name())
					.orElse(null);
				if (request != null) {
					this.audit.record(new AuditEvent(actor, ACTION, "instant_payout_request:" + request.id(),
							parameters, AuditOutcome.OK, "REQUESTED"));
				}
				return request;
			});
			if (created != null) {
				return created;
			}
			refused = new InstantPayoutRefusedException("an instant payout request of " + payeeAccount + " in "
					+ currency + " is still open", true);
		}
		InstantPayoutRefusedException thrown = refused;
		this.transaction.executeWithoutResult((status) -> this.audit
			.record(new AuditEvent(actor, ACTION, target, parameters, AuditOutcome.REFUSED, thrown.getMessage())));
		throw thrown;
	}

	private static String malformed(String payeeAccount, String currency, Long amountCents) {
		if (payeeAccount == null || !LedgerAccounts.isConnectedAccountId(payeeAccount)) {
			return "not a connected account id: '" + payeeAccount + "'";
		}
		if (currency == null || !currency.matches("[a-z]{3}")) {
			return "not a lowercase ISO 4217 currency: '" + currency + "'";
		}
		if (amountCents != null && amountCents <= 0) {
			return "an amount must be positive cents, got " + amountCents;
		}
		return null;
	}

}
