package com.treasurybatch.shared.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A secret generated once and kept in a file of its own (the embedded defaults under {@code TREASURY_HOME}: webhook
 * signing secrets, the unsubscribe key, the report link key), so that every process on one home, and every restart,
 * uses the same one. The file is owner-only ({@code rw-------}) where the file system supports POSIX permissions. It
 * is written aside and moved into place only if absent, so two processes starting at once agree on one secret and
 * no reader ever sees a half-written file.
 */
public final class SecretFile {

	private static final SecureRandom random = new SecureRandom();

	private SecretFile() {
	}

	/**
	 * Reads a kept secret.
	 * @param file the secret's file
	 * @return the secret (surrounding white space stripped); empty if the file does not exist or is blank
	 * @throws UncheckedIOException if the file exists but cannot be read
	 */
	public static Optional<String> read(Path file) {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		try {
			String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
			return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	/**
	 * Reads the kept secret, generating and keeping one first if there is none.
	 * @param file the secret's file; its folder is created if missing
	 * @param generator makes a fresh secret (text, no line breaks)
	 * @return the kept secret: the generated one, or the one another process kept first
	 * @throws UncheckedIOException if the folder is not writable or the file cannot be read
	 */
	public static String readOrCreate(Path file, Supplier<String> generator) {
		Optional<String> existing = read(file);
		if (existing.isPresent()) {
			return existing.get();
		}
		String secret = generator.get();
		try {
			Path folder = file.toAbsolutePath().getParent();
			Files.createDirectories(folder);
			Path aside = Files.createTempFile(folder, "." + file.getFileName(), ".tmp", ownerOnly());
			try {
				Files.writeString(aside, secret + "\n", StandardCharsets.UTF_8);
				keep(aside, file);
				return secret;
			}
			catch (FileAlreadyExistsException ex) {
				return read(file).orElseThrow(() -> new IllegalStateException(file + " appeared empty"));
			}
			finally {
				Files.deleteIfExists(aside);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	/**
	 * Puts the written file in place only if none is there, atomically: a hard link fails if the name exists
	 * (link(2)), whereas {@link Files#move} checks for the target and then renames, so two processes could both
	 * "win" and the second replace the secret the first already handed out.
	 */
	private static void keep(Path aside, Path file) throws IOException {
		try {
			Files.createLink(file, aside);
		}
		catch (FileAlreadyExistsException ex) {
			throw ex;
		}
		catch (UnsupportedOperationException | FileSystemException ex) {
			Files.move(aside, file); // a file system without hard links: the move's own (weaker) check
		}
	}

	/**
	 * A random key as hex text.
	 * @param bytes how many random bytes ({@link SecureRandom}); 32 for an HMAC-SHA256 key
	 * @return {@code 2 * bytes} lowercase hex digits
	 */
	public static String randomHex(int bytes) {
		byte[] key = new byte[bytes];
		random.nextBytes(key);
		return HexFormat.of().formatHex(key);
	}

	private static FileAttribute<?>[] ownerOnly() {
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return new FileAttribute<?>[] {
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) };
		}
		return new FileAttribute<?>[0];
	}

}
