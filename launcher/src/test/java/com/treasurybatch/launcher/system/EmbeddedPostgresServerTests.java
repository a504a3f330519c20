package com.treasurybatch.launcher.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTests {

	@TempDir
	Path home;

	@Test
	void keepsDataBetweenRunsAndIsSharedByALaterProcessAfterKillMinus9() throws Exception {
		TreasuryHome treasuryHome = new TreasuryHome(this.home);
		EmbeddedPostgresServer first = EmbeddedPostgresServer.acquire(treasuryHome, 0);
		assertThat(first.startedHere()).isTrue();
		execute(first, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('survives restarts')");
		long postmasterPid = postmasterPid();

		// a process that dies without closing (kill -9) leaves the postmaster running and a stale client file
		Files.writeString(this.home.resolve("postgres.clients").resolve("999999999"), "");
		EmbeddedPostgresServer afterCrash = EmbeddedPostgresServer.acquire(treasuryHome, 0);
		assertThat(afterCrash.startedHere()).isFalse();
		assertThat(afterCrash.port()).isEqualTo(first.port());
		assertThat(postmasterPid()).isEqualTo(postmasterPid);
		assertThat(this.home.resolve("postgres.clients").resolve("999999999")).doesNotExist();

		afterCrash.close(); // last live client: the postmaster stops
		assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(),
				Optional.of(false));

		EmbeddedPostgresServer restarted = EmbeddedPostgresServer.acquire(treasuryHome, 0);
		try {
			assertThat(restarted.startedHere()).isTrue();
			assertThat(query(restarted, "SELECT note FROM kept")).isEqualTo("survives restarts");
			assertThat(query(restarted, "SHOW fsync")).isEqualTo("on");
		}
		finally {
			restarted.close();
		}
	}

	private long postmasterPid() throws Exception {
		return Long.parseLong(Files.readAllLines(this.home.resolve("pgdata/postmaster.pid")).get(0).strip());
	}

	private static void execute(EmbeddedPostgresServer server, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String query(EmbeddedPostgresServer server, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
