package com.treasurybatch.jobs.inbox.handlers;

import java.util.List;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.retention.Contacts;
import com.treasurybatch.shared.retention.RetentionTasks;
import com.treasurybatch.shared.retention.TaskKind;

/**
 * Asks a payee to finish Stripe onboarding when {@code account.updated} reports requirements newly due
 * ({@code requirements.currently_due}): one {@code kyc_requirements_due} email, due at once, per such event. The
 * address is the Express account's {@code email}, else the payee's known contact; with neither, nobody is told
 * here (the {@code requirements_due} alert still is).
 */
@Component
class KycReminders {

	private final Contacts contacts;

	private final RetentionTasks tasks;

	KycReminders(Contacts contacts, RetentionTasks tasks) {
		this.contacts = contacts;
		this.tasks = tasks;
	}

	/**
	 * @param event the {@code account.updated} event
	 * @param account its {@code data.object}
	 * @param newlyDue requirements due now that were not before; nothing is scheduled when empty
	 * @return tasks scheduled
	 */
	int requirementsDue(ParsedStripeEvent event, JsonNode account, List<String> newlyDue) {
		if (newlyDue.isEmpty()) {
			return 0;
		}
		String accountId = event.account();
		String email = EventJson.optionalText(account, "email");
		String contactId;
		if (email != null && email.matches("[^@\\s]+@[^@\\s]+")) {
			contactId = this.contacts.upsert(email, null, EventJson.optionalText(account, "country"), accountId);
		}
		else {
			contactId = this.contacts.findByStripeAccount(accountId).orElse(null);
		}
		if (contactId == null) {
			return 0;
		}
		return this.tasks.schedule(TaskKind.KYC_REQUIREMENTS_DUE, accountId + ":" + event.id(), contactId,
				List.of(event.created()), null);
	}

}
