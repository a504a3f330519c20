package db.migration;

import com.treasurybatch.shared.schema.VendorScriptMigration;

/**
 * Quartz's JDBC job store tables (QRTZ_*), from the Quartz jar's own PostgreSQL script.
 */
public class V2__quartz_job_store extends VendorScriptMigration {

	public V2__quartz_job_store() {
		super("org/quartz/impl/jdbcjobstore/tables_postgres.sql");
	}

}
