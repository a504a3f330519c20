package com.treasurybatch.shared.mail;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.treasurybatch.shared.secrets.SecretFile;

/**
 * Signed unsubscribe tokens for the URL of a {@code List-Unsubscribe} header (RFC 8058 one-click: the link alone
 * must unsubscribe, with no login and no cookie, so it has to be unguessable). A token is
 * {@code base64url(contactId ":" list) "." base64url(HMAC-SHA256(key, that))}; it names an opaque contact id,
 * never an email address. Tokens do not expire: an old email's link keeps working, as RFC 8058 expects.
 */
public final class UnsubscribeTokens {

	/** The file under TREASURY_HOME that holds a generated key when none is configured. */
	public static final String SECRET_FILE = "mail-unsubscribe-secret";

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final byte[] key;

	/**
	 * @param key HMAC key, at least 32 bytes
	 * @throws IllegalArgumentException if shorter
	 */
	public UnsubscribeTokens(byte[] key) {
		if (key.length < 32) {
			throw new IllegalArgumentException("The unsubscribe key must have at least 32 bytes");
		}
		this.key = key.clone();
	}

	/**
	 * The configured key, or the one generated once under TREASURY_HOME.
	 * @param configured {@code treasury.mail.unsubscribe-secret}, may be blank
	 * @param home TREASURY_HOME
	 * @throws UncheckedIOException if the generated key cannot be read or written
	 */
	static UnsubscribeTokens fromSettings(String configured, Path home) {
		if (configured != null && !configured.isBlank()) {
			return new UnsubscribeTokens(configured.getBytes(StandardCharsets.UTF_8));
		}
		String kept = SecretFile.readOrCreate(home.resolve(SECRET_FILE), () -> SecretFile.randomHex(32));
		return new UnsubscribeTokens(kept.getBytes(StandardCharsets.UTF_8));
	}

	/** The key, for its fingerprint ({@link com.treasurybatch.shared.secrets.SharedKeys}). */
	byte[] key() {
		return this.key.clone();
	}

	/**
	 * Signs an unsubscribe from one list.
	 * @param contactId opaque {@code ct_...} id
	 * @param list e.g. {@code marketing}
	 * @return a URL-safe token
	 */
	public String sign(String contactId, String list) {
		String payload = ENCODER.encodeToString((contactId + ":" + list).getBytes(StandardCharsets.UTF_8));
		return payload + "." + ENCODER.encodeToString(mac(payload));
	}

	/**
	 * Checks a token.
	 * @param token as found in the URL
	 * @return who unsubscribes from what; empty when the token is malformed or its signature is wrong
	 */
	public Optional<Unsubscribe> verify(String token) {
		if (token == null) {
			return Optional.empty();
		}
		int dot = token.indexOf('.');
		if (dot <= 0 || dot != token.lastIndexOf('.')) {
			return Optional.empty();
		}
		String payload = token.substring(0, dot);
		try {
			byte[] signature = DECODER.decode(token.substring(dot + 1));
			if (!MessageDigest.isEqual(signature, mac(payload))) {
				return Optional.empty();
			}
			String decoded = new String(DECODER.decode(payload), StandardCharsets.UTF_8);
			int colon = decoded.lastIndexOf(':');
			if (colon <= 0) {
				return Optional.empty();
			}
			return Optional.of(new Unsubscribe(decoded.substring(0, colon), decoded.substring(colon + 1)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private byte[] mac(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	/**
	 * A verified unsubscribe request.
	 *
	 * @param contactId opaque contact id
	 * @param list the list left, e.g. {@code marketing}
	 */
	public record Unsubscribe(String contactId, String list) {
	}

}
