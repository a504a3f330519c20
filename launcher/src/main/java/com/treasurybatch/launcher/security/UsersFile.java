package com.treasurybatch.launcher.security;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The users file: read it, or, when it does not exist yet, create it with one user per
 * role ({@code ops}, {@code finance}, {@code auditor}) and random passwords. Only bcrypt
 * hashes are stored; the passwords are printed once, when the file is created, and never
 * again.
 */
final class UsersFile {

	/** Random bytes per generated password (24 characters once encoded). */
	static final int PASSWORD_BYTES = 18;

	private static final SecureRandom random = new SecureRandom();

	private UsersFile() {
	}

	/**
	 * The users, from the file; creates the file first if it does not exist.
	 * @param file the users file
	 * @param console where the generated passwords are printed (stdout), once
	 * @return the file's lines as properties (user name to password hash and roles)
	 * @throws UncheckedIOException if the file can neither be read nor created
	 */
	static Properties load(Path file, PrintStream console) {
		if (!Files.exists(file)) {
			create(file, console);
		}
		Properties users = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			users.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the users file " + file, ex);
		}
		return users;
	}

	private static void create(Path file, PrintStream console) {
		Map<String, String> passwords = new LinkedHashMap<>();
		passwords.put("ops", password());
		passwords.put("finance", password());
		passwords.put("auditor", password());
		Map<String, String> roles = Map.of("ops", Roles.OPS, "finance", Roles.FINANCE, "auditor", Roles.AUDITOR);
		BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
		StringBuilder text = new StringBuilder("""
				# API users of Treasury Batch: name={bcrypt}hash,ROLE_...[,enabled|disabled]
				# Roles: ROLE_OPS runs jobs and reads everything; ROLE_AUDITOR reads history and audit;
				# ROLE_FINANCE reads jobs and history (and reports). Hash a new password with bcrypt (cost 10 or more).
				""");
		passwords.forEach((name, password) -> text.append(name)
			.append("={bcrypt}")
			.append(bcrypt.encode(password))
			.append(",ROLE_")
			.append(roles.get(name))
			.append(System.lineSeparator()));
		try {
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path temporary = Files.createTempFile(directory, ".users", ".tmp");
			restrictToOwner(temporary);
			try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
				writer.write(text.toString());
			}
			try {
				Files.move(temporary, file);
			}
			catch (FileAlreadyExistsException ex) {
				// another node created it at the same moment: use theirs, and never show
				// passwords that do not work
				Files.deleteIfExists(temporary);
				return;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the users file " + file, ex);
		}
		console.println();
		console.println("Created the users file " + file + " with one user per role.");
		console.println("Their passwords are shown now, once; only bcrypt hashes are stored:");
		passwords
			.forEach((name, password) -> console.printf("  %-8s %s   (role %s)%n", name, password, roles.get(name)));
		console.println();
		console.flush();
	}

	private static String password() {
		byte[] bytes = new byte[PASSWORD_BYTES];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static void restrictToOwner(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: rely on the directory's permissions
		}
	}

}
