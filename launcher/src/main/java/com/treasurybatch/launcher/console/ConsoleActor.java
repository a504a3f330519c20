package com.treasurybatch.launcher.console;

import java.security.Principal;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;

/** The signed-in console user as the actor of an operation. */
final class ConsoleActor {

	private ConsoleActor() {
	}

	/** The user, channel {@code console}. */
	static Actor of(Principal principal) {
		return new Actor(principal.getName(), AuditChannel.CONSOLE);
	}

}
