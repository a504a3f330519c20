package com.treasurybatch.shared.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * One Passport analytics event as staged in {@code analytics_events}.
 *
 * @param eventId the event's own id, unique: a second event with it is a duplicate
 * @param type {@code play}, {@code vote}, {@code attendance}, {@code revenue}, {@code engagement}, or another
 * (kept and flagged {@link Flag#UNKNOWN_TYPE})
 * @param occurredAt when it happened (the event's {@code timestamp}), UTC
 * @param userId the user, a personal identifier, or {@code null}
 * @param artistId the artist, {@code ""} when none
 * @param showId the show's event id, {@code ""} when none
 * @param city the city, {@code ""} when none
 * @param genre the genre, {@code ""} when none
 * @param value a count for plays, votes, attendance and engagement; minor units (cents) for revenue
 * @param metadataJson the event's {@code metadata} as JSON text, or {@code null}
 * @param schemaVersion the event's {@code schema_version} as sent
 * @param flag why it is not counted, or {@code null} when it is
 */
public record PassportEvent(String eventId, String type, Instant occurredAt, String userId, String artistId,
		String showId, String city, String genre, long value, String metadataJson, String schemaVersion, Flag flag) {

	/** Why a staged event is kept but not counted in the rollups. */
	public enum Flag {

		/** A {@code type} outside {@link PassportSchema#TYPES}. */
		UNKNOWN_TYPE("unknown_type"),

		/** A {@code schema_version} outside {@link PassportSchema#SCHEMA_VERSIONS}. */
		UNKNOWN_SCHEMA_VERSION("unknown_schema_version");

		private final String column;

		Flag(String column) {
			this.column = column;
		}

		/** The value of {@code analytics_events.flag}. */
		public String column() {
			return this.column;
		}

	}

	/** Checks the required fields; absent dimensions become {@code ""}. */
	public PassportEvent {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(schemaVersion, "schemaVersion");
		artistId = (artistId != null) ? artistId : "";
		showId = (showId != null) ? showId : "";
		city = (city != null) ? city : "";
		genre = (genre != null) ? genre : "";
	}

	/**
	 * The same event flagged as its schema version, then its type, say ({@link PassportSchema}): under an unknown
	 * schema version the type cannot be read with confidence, so that flag wins.
	 * @return this event with {@link #flag()} set, or cleared when both are known
	 */
	public PassportEvent classified() {
		Flag computed = !PassportSchema.SCHEMA_VERSIONS.contains(this.schemaVersion) ? Flag.UNKNOWN_SCHEMA_VERSION
				: !PassportSchema.TYPES.contains(this.type) ? Flag.UNKNOWN_TYPE : null;
		return new PassportEvent(this.eventId, this.type, this.occurredAt, this.userId, this.artistId, this.showId,
				this.city, this.genre, this.value, this.metadataJson, this.schemaVersion, computed);
	}

}
