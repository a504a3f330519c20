package com.treasurybatch.shared.testing;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A text dump of every table of the database, as {@code pg_dump --data-only} would show it: each table's rows through
 * {@code COPY table TO STDOUT} over pgJDBC's {@link CopyManager}. The embedded PostgreSQL bundle carries no
 * {@code pg_dump} binary (only initdb, pg_ctl, postgres), so this is what tests search for personal data.
 */
public final class DatabaseDump {

	private DatabaseDump() {
	}

	/**
	 * @param dataSource the database
	 * @return per table (schema-qualified), its rows as COPY text
	 */
	public static Map<String, String> tables(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			List<String> tables = new ArrayList<>();
			try (var rs = connection.createStatement()
				.executeQuery("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM"
						+ " information_schema.tables WHERE table_type = 'BASE TABLE'"
						+ " AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
				while (rs.next()) {
					tables.add(rs.getString(1));
				}
			}
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			Map<String, String> dump = new LinkedHashMap<>();
			for (String table : tables) {
				StringWriter rows = new StringWriter();
				copy.copyOut("COPY " + table + " TO STDOUT", rows);
				dump.put(table, rows.toString());
			}
			return dump;
		}
		catch (SQLException | java.io.IOException ex) {
			throw new IllegalStateException("cannot dump the database", ex);
		}
	}

	/**
	 * @param dataSource the database
	 * @param needle text to look for, compared case-insensitively
	 * @return the tables whose rows contain it
	 */
	public static List<String> tablesContaining(DataSource dataSource, String needle) {
		String lower = needle.toLowerCase(java.util.Locale.ROOT);
		return tables(dataSource).entrySet()
			.stream()
			.filter((table) -> table.getValue().toLowerCase(java.util.Locale.ROOT).contains(lower))
			.map(Map.Entry::getKey)
			.toList();
	}

}
