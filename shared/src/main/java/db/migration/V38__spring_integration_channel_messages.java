package db.migration;

import com.treasurybatch.shared.schema.VendorScriptMigration;

/**
 * spring-integration-jdbc's tables (INT_*), from its own PostgreSQL script: {@code int_channel_message} carries the
 * partition requests of remote partitioning (com.treasurybatch.shared.partitioning.PartitionRequests); the other
 * tables of the script are created with it and not used.
 */
public class V38__spring_integration_channel_messages extends VendorScriptMigration {

	public V38__spring_integration_channel_messages() {
		super("org/springframework/integration/jdbc/schema-postgresql.sql");
	}

}
