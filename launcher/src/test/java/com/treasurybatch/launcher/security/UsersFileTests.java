package com.treasurybatch.launcher.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

class UsersFileTests {

	@TempDir
	Path home;

	@Test
	void aMissingFileIsCreatedWithOneUserPerRoleAndThePasswordsArePrintedOnce() throws Exception {
		Path file = this.home.resolve("var/users.properties");
		ByteArrayOutputStream first = new ByteArrayOutputStream();
		ByteArrayOutputStream second = new ByteArrayOutputStream();

		Properties created = UsersFile.load(file, new PrintStream(first, true, StandardCharsets.UTF_8));
		Properties loaded = UsersFile.load(file, new PrintStream(second, true, StandardCharsets.UTF_8));

		String printed = first.toString(StandardCharsets.UTF_8);
		assertThat(created).containsOnlyKeys("ops", "finance", "auditor");
		assertThat(loaded).isEqualTo(created);
		assertThat(second.size()).as("passwords are never printed again").isZero();
		String stored = Files.readString(file);
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(created);
		for (String name : new String[] { "ops", "finance", "auditor" }) {
			Matcher line = Pattern.compile("  " + name + "\\s+(\\S+)\\s+\\(role (\\w+)\\)").matcher(printed);
			assertThat(line.find()).as(name + " printed").isTrue();
			String password = line.group(1);
			assertThat(stored).doesNotContain(password);
			UserDetails user = users.loadUserByUsername(name);
			assertThat(user.getPassword()).startsWith("{bcrypt}$2a$");
			assertThat(encoder.matches(password, user.getPassword())).isTrue();
			assertThat(user.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_" + line.group(2));
		}
		assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
	}

}
