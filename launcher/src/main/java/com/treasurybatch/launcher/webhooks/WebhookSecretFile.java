package com.treasurybatch.launcher.webhooks;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

import com.treasurybatch.launcher.system.TreasuryHome;
import com.treasurybatch.shared.secrets.SecretFile;

/**
 * The embedded default signing secret: generated once ({@code whsec_} and 40 random alphanumerics from
 * {@link SecureRandom}), kept in {@code TREASURY_HOME/stripe-webhook-secret} with permissions 600 where the file
 * system supports POSIX permissions. Read by the server and by {@code webhooks send}.
 */
public final class WebhookSecretFile {

	/** Name of the file under {@code TREASURY_HOME}. */
	public static final String FILE_NAME = "stripe-webhook-secret";

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final int RANDOM_CHARS = 40;

	private static final SecureRandom random = new SecureRandom();

	private WebhookSecretFile() {
	}

	/** Where the secret is kept under the given home. */
	public static Path path(TreasuryHome home) {
		return path(home, FILE_NAME);
	}

	/** Where a secret of that file name is kept under the given home. */
	public static Path path(TreasuryHome home, String fileName) {
		return home.resolve(fileName);
	}

	/**
	 * Reads the kept secret, if there is one.
	 * @return the secret (trimmed), empty if the file does not exist or is blank
	 * @throws UncheckedIOException if the file exists but cannot be read
	 */
	public static Optional<String> read(TreasuryHome home) {
		return read(home, FILE_NAME);
	}

	/** {@link #read(TreasuryHome)} of another secret file under the home, e.g. {@code passport-webhook-secret}. */
	public static Optional<String> read(TreasuryHome home, String fileName) {
		return SecretFile.read(path(home, fileName));
	}

	/**
	 * Reads the kept secret, generating and keeping one first if there is none. Two processes starting at once
	 * on one home agree on the same secret: the file is written aside and moved into place only if absent.
	 * @throws UncheckedIOException if the home is not writable
	 */
	public static String readOrCreate(TreasuryHome home) {
		return readOrCreate(home, FILE_NAME);
	}

	/** {@link #readOrCreate(TreasuryHome)} of another secret file under the home. */
	public static String readOrCreate(TreasuryHome home, String fileName) {
		return SecretFile.readOrCreate(path(home, fileName), WebhookSecretFile::generate);
	}

	/** A fresh secret in Stripe's format: {@code whsec_} and 40 random alphanumerics. */
	public static String generate() {
		StringBuilder secret = new StringBuilder("whsec_");
		for (int i = 0; i < RANDOM_CHARS; i++) {
			secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return secret.toString();
	}

}
