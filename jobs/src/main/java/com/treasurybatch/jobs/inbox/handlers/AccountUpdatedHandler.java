package com.treasurybatch.jobs.inbox.handlers;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;

/**
 * Keeps {@code connected_accounts} in step with Stripe's {@code account.updated} Connect events: charges and
 * payouts enabled, details submitted, what is currently due and why the account is disabled. An event older than
 * the one last applied is ignored (Stripe delivers out of order).
 *
 * <p>Raises a WARNING alert when payouts become disabled (or a first-seen, onboarded account has them disabled)
 * and when an onboarded account has new requirements due: payouts to it will wait until they are met.
 *
 * <p>Requirements newly due also schedule a {@code kyc_requirements_due} email to the payee ({@link KycReminders}).
 *
 * <p>The platform's own {@code account.updated} (no top-level {@code account}) is IGNORED.
 */
@Component
class AccountUpdatedHandler implements EventHandler {

	static final String ACCOUNT_UPDATED = "account.updated";

	private final ConnectedAccounts accounts;

	private final Alerts alerts;

	private final Clock clock;

	private final KycReminders kycReminders;

	AccountUpdatedHandler(ConnectedAccounts accounts, Alerts alerts, Clock clock, KycReminders kycReminders) {
		this.kycReminders = kycReminders;
		this.accounts = accounts;
		this.alerts = alerts;
		this.clock = clock;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(ACCOUNT_UPDATED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() == null) {
			return HandlerOutcome.IGNORED;
		}
		JsonNode account = event.object();
		EventJson.requireObjectType(account, "account");
		String accountId = EventJson.requireText(account, "id");
		if (!accountId.equals(event.account())) {
			throw new InapplicableEventException(
					"Event " + event.id() + " is for " + event.account() + " but describes " + accountId);
		}
		JsonNode requirements = account.path("requirements");
		ConnectedAccount updated;
		try {
			updated = new ConnectedAccount(accountId, EventJson.requireBoolean(account, "charges_enabled"),
					EventJson.requireBoolean(account, "payouts_enabled"),
					EventJson.optionalBoolean(account, "details_submitted", false),
					EventJson.textList(requirements, "currently_due"),
					EventJson.optionalText(requirements, "disabled_reason"), event.id(), event.created(),
					this.clock.instant());
		}
		catch (IllegalArgumentException ex) {
			throw new InapplicableEventException(ex.getMessage(), ex);
		}
		Optional<ConnectedAccount> previous = this.accounts.findForUpdate(accountId);
		if (!this.accounts.saveIfNewer(updated)) {
			return HandlerOutcome.PROCESSED;
		}
		raiseAlerts(event, previous, updated);
		List<String> newlyDue = new ArrayList<>(updated.requirementsCurrentlyDue());
		previous.ifPresent((known) -> newlyDue.removeAll(known.requirementsCurrentlyDue()));
		this.kycReminders.requirementsDue(event, account, newlyDue);
		return HandlerOutcome.PROCESSED;
	}

	private void raiseAlerts(ParsedStripeEvent event, Optional<ConnectedAccount> previous, ConnectedAccount updated) {
		String accountId = updated.accountId();
		boolean payoutsWereEnabled = previous.map(ConnectedAccount::payoutsEnabled).orElse(updated.detailsSubmitted());
		if (payoutsWereEnabled && !updated.payoutsEnabled()) {
			this.alerts.raise(Severity.WARNING, "payouts_disabled", accountId,
					"Payouts disabled for " + accountId + " (" + event.id() + "), disabled_reason "
							+ updated.disabledReason() + ", currently due " + updated.requirementsCurrentlyDue()
							+ "; payouts to this payee wait until Stripe enables them again",
					"payouts_disabled:" + accountId + ":" + event.id());
		}
		List<String> newlyDue = new ArrayList<>(updated.requirementsCurrentlyDue());
		previous.ifPresent((account) -> newlyDue.removeAll(account.requirementsCurrentlyDue()));
		if (updated.detailsSubmitted() && !newlyDue.isEmpty()) {
			this.alerts.raise(Severity.WARNING, "requirements_due", accountId,
					"Stripe requirements due for " + accountId + " (" + event.id() + "): " + newlyDue
							+ "; the payee must complete them in their Express dashboard",
					"requirements_due:" + accountId + ":" + event.id());
		}
	}

}
