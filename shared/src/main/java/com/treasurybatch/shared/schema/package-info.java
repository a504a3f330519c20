/**
 * Database schema support: Flyway owns every table, ours in {@code schema/} and the frameworks' through
 * {@link com.treasurybatch.shared.schema.VendorScriptMigration}.
 */
package com.treasurybatch.shared.schema;
