package com.treasurybatch.launcher.wakeup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Opens the listener's own connection, outside the pool: a LISTEN lasts as long as its session, so the
 * connection is never handed back, and it must not take a pool slot that requests need. Same URL and role as the
 * pool; TCP keep-alive on and a socket timeout, so that a dropped network path fails the connection instead of
 * leaving it silent.
 */
@FunctionalInterface
interface ListenerConnections {

	/** {@code application_name} of the listener's session, as {@code pg_stat_activity} shows it. */
	String APPLICATION_NAME = "treasury-batch wake-up";

	/** Socket timeout of the listener connection, seconds: above the listen timeout, so only a dead path trips it. */
	int SOCKET_TIMEOUT_SECONDS = 60;

	/**
	 * @return a new connection in auto-commit mode
	 * @throws SQLException if the database cannot be reached
	 */
	Connection open() throws SQLException;

	/**
	 * Connections to the database of the application's pool.
	 * @param dataSource the application's data source: a {@link HikariDataSource} (Spring Boot's, and the embedded
	 * default's) gives its URL and credentials; any other is asked for a connection, which is then kept
	 */
	static ListenerConnections of(DataSource dataSource) {
		HikariDataSource hikari = unwrap(dataSource);
		if (hikari == null || hikari.getJdbcUrl() == null) {
			return dataSource::getConnection;
		}
		return () -> {
			Properties properties = new Properties();
			if (hikari.getUsername() != null) {
				properties.setProperty("user", hikari.getUsername());
			}
			if (hikari.getPassword() != null) {
				properties.setProperty("password", hikari.getPassword());
			}
			properties.setProperty("tcpKeepAlive", "true");
			properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
			properties.setProperty("ApplicationName", APPLICATION_NAME);
			return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
		};
	}

	private static HikariDataSource unwrap(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari) {
			return hikari;
		}
		try {
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
