package com.treasurybatch.shared.storage;

import java.time.Clock;

import javax.sql.DataSource;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@link ContentStore} of {@code treasury.storage.type}: {@link DatabaseContentStore} by default,
 * {@link S3ContentStore} with {@code s3} (its bucket checked at start-up: a node that cannot reach it does not
 * start).
 */
@Configuration(proxyBeanMethods = false)
public class ContentStoreConfiguration {

	/**
	 * The store every caller uses.
	 * @throws IllegalStateException with {@code s3}, if the bucket cannot be reached (the message names bucket and
	 * endpoint)
	 */
	@Bean
	ContentStore contentStore(StorageProperties properties, DataSource dataSource, JdbcTemplate jdbc, Clock clock) {
		DatabaseContentStore database = new DatabaseContentStore(dataSource, jdbc, clock);
		if (properties.type() != StorageProperties.StorageType.S3) {
			return database;
		}
		S3ContentStore store = new S3ContentStore(s3Client(properties.s3()), properties.s3(), database, dataSource,
				jdbc, clock);
		try {
			store.checkBucket();
		}
		catch (RuntimeException ex) {
			store.close();
			throw ex;
		}
		return store;
	}

	/**
	 * An S3 client for a bucket: JDK HTTP client, credentials from the AWS SDK's default provider chain, checksums
	 * only where an operation requires one (the store sends each upload's SHA-256 itself), which S3-compatible
	 * servers accept too.
	 * @throws IllegalStateException if no region is set and the SDK's default chain finds none
	 */
	public static S3Client s3Client(StorageProperties.S3Settings settings) {
		S3ClientBuilder builder = S3Client.builder()
			.httpClient(UrlConnectionHttpClient.create())
			.credentialsProvider(DefaultCredentialsProvider.builder().build())
			.forcePathStyle(settings.pathStyle())
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		if (settings.region() != null && !settings.region().isBlank()) {
			builder.region(Region.of(settings.region()));
		}
		if (settings.endpoint() != null) {
			builder.endpointOverride(settings.endpoint());
		}
		try {
			return builder.build();
		}
		catch (SdkClientException ex) {
			throw new IllegalStateException("No S3 client for bucket " + settings.bucket() + " at "
					+ settings.endpointName() + " (set treasury.storage.s3.region?): " + ex.getMessage(), ex);
		}
	}

}
