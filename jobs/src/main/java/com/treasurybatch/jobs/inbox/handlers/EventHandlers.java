package com.treasurybatch.jobs.inbox.handlers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/** The handler of each event type: every {@link EventHandler} bean, one per type. */
@Component
public class EventHandlers {

	private final Map<String, EventHandler> byType = new HashMap<>();

	/**
	 * @param handlers every handler bean
	 * @throws IllegalStateException if two handlers claim one event type
	 */
	EventHandlers(List<EventHandler> handlers) {
		for (EventHandler handler : handlers) {
			for (String type : handler.eventTypes()) {
				EventHandler previous = this.byType.put(type, handler);
				if (previous != null) {
					throw new IllegalStateException("Event type " + type + " has two handlers: "
							+ previous.getClass().getSimpleName() + " and " + handler.getClass().getSimpleName());
				}
			}
		}
	}

	/**
	 * The handler of a type.
	 * @param eventType e.g. {@code account.updated}
	 * @return its handler, or empty when the type is not handled (the event is IGNORED)
	 */
	public Optional<EventHandler> forType(String eventType) {
		return Optional.ofNullable(this.byType.get(eventType));
	}

	/**
	 * Every handled type.
	 * @return the types
	 */
	Set<String> handledTypes() {
		return Set.copyOf(this.byType.keySet());
	}

}
