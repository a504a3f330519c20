/**
 * Contents every node shares (report files, analytics event archives, execution-history archives), addressed by
 * SHA-256 and streamed in and out: {@link com.treasurybatch.shared.storage.ContentStore}. Each content has a row in
 * {@code stored_contents}; its bytes are in PostgreSQL chunks by default
 * ({@link com.treasurybatch.shared.storage.DatabaseContentStore}, {@code treasury.storage.type=database}) or one
 * object per content in an S3-compatible bucket ({@link com.treasurybatch.shared.storage.S3ContentStore},
 * {@code treasury.storage.type=s3} with {@code treasury.storage.s3.bucket}, {@code .endpoint}, {@code .region},
 * {@code .path-style}, {@code .prefix}; credentials from the AWS SDK's default provider chain), see
 * {@link com.treasurybatch.shared.storage.StorageProperties}.
 */
package com.treasurybatch.shared.storage;
