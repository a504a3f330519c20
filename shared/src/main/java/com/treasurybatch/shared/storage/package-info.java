/**
 * Contents every node shares: report files and archives stored in PostgreSQL, addressed by SHA-256, streamed in and
 * out chunk by chunk ({@link com.treasurybatch.shared.storage.ContentStore}).
 */
package com.treasurybatch.shared.storage;
