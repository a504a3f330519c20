package com.treasurybatch.shared.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * A Flyway migration that runs a framework's own PostgreSQL DDL script, read from that framework's jar,
 * so that Flyway (not the framework's {@code initialize-schema}) owns the framework's tables and the DDL
 * always matches the framework version on the classpath.
 *
 * <p>Statements that would break a Flyway migration (DROP TABLE of what does not exist yet, COMMIT of
 * Flyway's own transaction) are left out; every other statement runs as written by the framework.
 */
public abstract class VendorScriptMigration extends BaseJavaMigration {

	private final String scriptLocation;

	/**
	 * @param scriptLocation classpath location of the vendor's script, e.g.
	 * {@code org/springframework/batch/core/schema-postgresql.sql}
	 */
	protected VendorScriptMigration(String scriptLocation) {
		this.scriptLocation = scriptLocation;
	}

	@Override
	public void migrate(Context context) throws IOException {
		ClassPathResource script = new ClassPathResource(this.scriptLocation);
		if (!script.exists()) {
			throw new IllegalStateException("Framework schema script not on the classpath: " + this.scriptLocation);
		}
		String text = script.getContentAsString(StandardCharsets.UTF_8);
		String kept = Arrays.stream(text.split("\n"))
			.filter((line) -> !isLeftOut(line))
			.collect(Collectors.joining("\n"));
		ScriptUtils.executeSqlScript(context.getConnection(),
				new EncodedResource(new ByteArrayResource(kept.getBytes(StandardCharsets.UTF_8), this.scriptLocation)));
	}

	private static boolean isLeftOut(String line) {
		String statement = line.strip().toUpperCase(java.util.Locale.ROOT);
		return statement.startsWith("DROP TABLE") || statement.equals("COMMIT;");
	}

	@Override
	public Integer getChecksum() {
		// the script belongs to the framework version; a changed script must come as a new migration
		return null;
	}

}
