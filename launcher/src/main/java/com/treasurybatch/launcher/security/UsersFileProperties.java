package com.treasurybatch.launcher.security;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where API users come from ({@code treasury.security.*}).
 *
 * @param usersFile the users file ({@code TREASURY_SECURITY_USERS_FILE}); {@code null}
 * means {@code TREASURY_HOME/users.properties}. Format of Spring Security's
 * {@code InMemoryUserDetailsManager(Properties)}: one line per user,
 * {@code name={bcrypt}hash,ROLE_OPS[,ROLE_...][,enabled|disabled]}
 */
@ConfigurationProperties("treasury.security")
public record UsersFileProperties(Path usersFile) {

}
