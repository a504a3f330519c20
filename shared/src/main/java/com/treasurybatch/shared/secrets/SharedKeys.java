package com.treasurybatch.shared.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Keys every node must share (the report link key, the unsubscribe key, the Passport signing secret), checked at
 * start-up against {@code shared_key_fingerprints}: the first node to start records each key's fingerprint,
 * HMAC-SHA256 (RFC 2104) of a fixed label under the key (the key itself is never stored); a node whose keys do not
 * include the recorded one refuses to start ({@link SharedKeyMismatchException}), instead of failing every link or
 * token the other nodes made.
 *
 * <p>
 * Rolling a key (a setting that takes several, newest first, such as the Passport secret): a node that holds the
 * recorded key and a newer one first records the newer one; from then on a node that has only the older one does not
 * start. A single key is changed on purpose by deleting its row (every link or token it signed stops working).
 */
@Repository
public class SharedKeys {

	private static final Logger log = LoggerFactory.getLogger(SharedKeys.class);

	private static final String LABEL = "treasury-batch shared key fingerprint: ";

	private final JdbcClient jdbc;

	private final Clock clock;

	SharedKeys(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records or checks a shared key.
	 * @param name the key's name in the table, e.g. {@code report-link-key}
	 * @param setting where it is configured, for the message, e.g.
	 * {@code treasury.reports.link-secret (TREASURY_REPORTS_LINK_SECRET)}
	 * @param keys the node's keys for it, the one it signs with first; at least one
	 * @throws SharedKeyMismatchException if a fingerprint is recorded and none of the keys has it
	 */
	public void verify(String name, String setting, List<byte[]> keys) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("no key for " + name);
		}
		String current = fingerprint(name, keys.get(0));
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		int inserted = this.jdbc.sql("""
				INSERT INTO shared_key_fingerprints (name, fingerprint, recorded_at) VALUES (?, ?, ?)
				ON CONFLICT (name) DO NOTHING""").params(name, current, now).update();
		if (inserted == 1) {
			log.info("Shared key {} recorded (fingerprint {}): every node must have this key", name, shortly(current));
			return;
		}
		record Recorded(String fingerprint, OffsetDateTime recordedAt) {
		}
		Recorded recorded = this.jdbc.sql("SELECT fingerprint, recorded_at FROM shared_key_fingerprints WHERE name = ?")
			.param(name)
			.query(Recorded.class)
			.single();
		if (recorded.fingerprint().equals(current)) {
			return;
		}
		boolean held = keys.stream().skip(1).anyMatch((key) -> fingerprint(name, key).equals(recorded.fingerprint()));
		if (!held) {
			throw new SharedKeyMismatchException(name, setting, recorded.fingerprint(), current,
					recorded.recordedAt().toInstant());
		}
		this.jdbc.sql("UPDATE shared_key_fingerprints SET fingerprint = ?, recorded_at = ? WHERE name = ?"
				+ " AND fingerprint = ?").params(current, now, name, recorded.fingerprint()).update();
		log.info("Shared key {} rolled over to fingerprint {} (was {})", name, shortly(current),
				shortly(recorded.fingerprint()));
	}

	/**
	 * The fingerprint of a key: HMAC-SHA256 under the key of {@code "treasury-batch shared key fingerprint: " + name},
	 * lower-case hex; says nothing of the key.
	 */
	public static String fingerprint(String name, byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((LABEL + name).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	static String shortly(String fingerprint) {
		return fingerprint.substring(0, 12);
	}

	/** A node's key is not the one the other nodes use: the node must not start. */
	public static class SharedKeyMismatchException extends IllegalStateException {

		SharedKeyMismatchException(String name, String setting, String recorded, String given, Instant recordedAt) {
			super("This node's " + name + " is not the key that signed the links and tokens already issued: the"
					+ " database recorded key fingerprint " + shortly(recorded) + "... at " + recordedAt
					+ ", this node's key has fingerprint " + shortly(given) + "... . Every node must have the same key:"
					+ " set " + setting + " on this node to the key the other nodes use (a key generated under"
					+ " TREASURY_HOME is not shared with other nodes). To replace the key on purpose, which"
					+ " invalidates everything it signed, delete the row '" + name
					+ "' of shared_key_fingerprints first.");
		}

	}

}
