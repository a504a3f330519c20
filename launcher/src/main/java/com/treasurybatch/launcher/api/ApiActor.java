package com.treasurybatch.launcher.api;

import java.security.Principal;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;

/** The authenticated API user as the actor of an operation. */
final class ApiActor {

	private ApiActor() {
	}

	/** The user, channel {@code api}. */
	static Actor of(Principal principal) {
		return new Actor(principal.getName(), AuditChannel.API);
	}

}
