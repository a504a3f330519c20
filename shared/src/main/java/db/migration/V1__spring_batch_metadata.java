package db.migration;

import com.treasurybatch.shared.schema.VendorScriptMigration;

/**
 * Spring Batch's JDBC job repository tables (BATCH_*), from spring-batch-core's own PostgreSQL script.
 */
public class V1__spring_batch_metadata extends VendorScriptMigration {

	public V1__spring_batch_metadata() {
		super("org/springframework/batch/core/schema-postgresql.sql");
	}

}
