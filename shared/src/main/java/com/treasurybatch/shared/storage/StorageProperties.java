package com.treasurybatch.shared.storage;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where shared contents keep their bytes, under {@code treasury.storage} (environment {@code TREASURY_STORAGE_TYPE},
 * {@code TREASURY_STORAGE_S3_BUCKET}, ...). Every node of one database must have the same settings. S3 credentials are
 * never settings of ours: the AWS SDK's default provider chain finds them (environment {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}, {@code ~/.aws/credentials}, web identity, container or instance roles).
 *
 * @param type {@code database} (default) or {@code s3}
 * @param s3 the bucket, when {@code type} is {@code s3}
 */
@ConfigurationProperties("treasury.storage")
public record StorageProperties(@DefaultValue("database") StorageType type, @DefaultValue S3Settings s3) {

	/**
	 * Checks that an S3 store has a bucket.
	 * @throws IllegalArgumentException if {@code type} is {@code s3} and no bucket is set
	 */
	public StorageProperties {
		if (type == StorageType.S3 && (s3 == null || s3.bucket() == null || s3.bucket().isBlank())) {
			throw new IllegalArgumentException("treasury.storage.s3.bucket is required with treasury.storage.type=s3");
		}
	}

	/** What holds the bytes of shared contents. */
	public enum StorageType {

		/** PostgreSQL, in {@code stored_content_chunks} ({@link DatabaseContentStore}). */
		DATABASE,

		/** An S3-compatible bucket ({@link S3ContentStore}). */
		S3

	}

	/**
	 * An S3-compatible bucket.
	 *
	 * @param bucket bucket name
	 * @param endpoint e.g. {@code https://s3.example.com} for an S3-compatible server; {@code null}: AWS S3 of the
	 * region
	 * @param region e.g. {@code eu-west-1}; {@code null}: the AWS SDK's default region chain ({@code AWS_REGION}, ...)
	 * @param pathStyle {@code true} for {@code <endpoint>/<bucket>/<key>} URLs (most S3-compatible servers), false for
	 * {@code <bucket>.<endpoint>/<key>}
	 * @param prefix key prefix, default {@code contents}: objects are {@code <prefix>/<sha256>} (an empty prefix:
	 * {@code <sha256>}); leading and trailing slashes are dropped
	 * @param spoolDirectory where a content is spooled while its SHA-256 is computed, before the upload; {@code null}:
	 * the JVM's temporary directory ({@code java.io.tmpdir})
	 */
	public record S3Settings(String bucket, URI endpoint, String region, boolean pathStyle,
			@DefaultValue("contents") String prefix, Path spoolDirectory) {

		/** Drops the prefix's leading and trailing slashes. */
		public S3Settings {
			prefix = (prefix == null) ? "" : prefix.replaceAll("^/+|/+$", "");
		}

		/** The object key of a content: {@code <prefix>/<sha256>}. */
		public String key(String sha256) {
			return this.prefix.isEmpty() ? sha256 : this.prefix + "/" + sha256;
		}

		/** The endpoint as errors name it: the configured URI, or {@code AWS S3 (<region>)}. */
		public String endpointName() {
			return (this.endpoint != null) ? this.endpoint.toString()
					: "AWS S3 (" + ((this.region != null) ? this.region : "default region") + ")";
		}

	}

}
