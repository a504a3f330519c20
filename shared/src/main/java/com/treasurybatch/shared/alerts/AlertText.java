package com.treasurybatch.shared.alerts;

/** How an alert reads in an email or a chat message. */
final class AlertText {

	private AlertText() {
	}

	static String subject(Alert alert) {
		return "[" + alert.severity() + "] " + alert.kind() + ": " + alert.subject();
	}

	static String body(Alert alert) {
		return alert.message() + "\n\nAlert " + alert.id() + ", raised " + alert.createdAt()
				+ " (UTC). Acknowledge it with `alerts ack " + alert.id() + "` or POST /api/alerts/" + alert.id()
				+ "/ack.\n";
	}

}
