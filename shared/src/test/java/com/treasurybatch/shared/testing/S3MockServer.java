package com.treasurybatch.shared.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import software.amazon.awssdk.services.s3.S3Client;

import com.treasurybatch.shared.storage.ContentStoreConfiguration;
import com.treasurybatch.shared.storage.StorageProperties;

/**
 * An S3-compatible server for the S3 storage tests: Adobe's S3Mock ({@code com.adobe.testing:s3mock}, classifier
 * {@code exec}, version {@code s3mock.version} of the parent pom), its executable jar copied from Maven Central to
 * {@code target/s3mock/s3mock.jar} by the maven-dependency-plugin and run as a child JVM ({@code java -jar}) on a
 * free HTTP port, one per test JVM, stopped when the JVM exits. It needs only the JDK and Maven: no Docker, no other
 * binary.
 *
 * <p>
 * Why S3Mock, and why in a process of its own: it implements the S3 REST API the AWS SDK speaks (HEAD, PUT with
 * {@code x-amz-checksum-sha256}, GET, DELETE, ListObjectsV2, path-style buckets) and is published to Maven Central as
 * a self-contained jar. It is itself a Spring Boot application (5.x on Spring Boot 4); embedded in a test's class path
 * it would bring its own Kotlin, AWS SDK and Tomcat versions into ours (the enforcer's dependency convergence) and
 * our auto-configuration (data source, Flyway, Batch) into its context. S3Proxy, the other candidate, embeds Jetty and
 * jclouds, whose Jetty version Spring Boot's dependency management would set on our class path. A child process
 * shares nothing with ours.
 *
 * <p>
 * The tests' credentials go through the AWS SDK's default provider chain, as production's do: as the system
 * properties {@code aws.accessKeyId} and {@code aws.secretAccessKey} (set here unless already set); S3Mock accepts
 * any.
 */
public final class S3MockServer {

	/** The bucket S3Mock creates at start. */
	public static final String BUCKET = "treasury-tests";

	/** The region the tests name (S3Mock answers for any). */
	public static final String REGION = "us-east-1";

	private static S3MockServer running;

	private final Process process;

	private final URI endpoint;

	private S3MockServer(Process process, URI endpoint) {
		this.process = process;
		this.endpoint = endpoint;
	}

	/**
	 * The server of this JVM, started at the first call (takes some seconds).
	 * @throws IllegalStateException if the jar is missing (run the tests through Maven) or the server does not
	 * start within two minutes
	 */
	public static synchronized S3MockServer get() {
		if (running == null) {
			running = start();
			Runtime.getRuntime().addShutdownHook(new Thread(running.process::destroy, "s3mock-stop"));
		}
		useTestCredentials();
		return running;
	}

	/** Sets the SDK's system-property credentials, unless set: S3Mock takes any. */
	public static void useTestCredentials() {
		if (System.getProperty("aws.accessKeyId") == null) {
			System.setProperty("aws.accessKeyId", "treasury-test");
			System.setProperty("aws.secretAccessKey", "treasury-test-secret");
		}
	}

	/** {@code http://127.0.0.1:<port>}. */
	public URI endpoint() {
		return this.endpoint;
	}

	/**
	 * Settings of the test bucket, path-style.
	 * @param prefix key prefix, e.g. one per test
	 * @param spoolDirectory {@code null}: {@code java.io.tmpdir}
	 */
	public StorageProperties.S3Settings settings(String prefix, Path spoolDirectory) {
		return new StorageProperties.S3Settings(BUCKET, this.endpoint, REGION, true, prefix, spoolDirectory);
	}

	/** A client of this server, built as production builds one (close it). */
	public S3Client client() {
		return ContentStoreConfiguration.s3Client(settings("", null));
	}

	private static S3MockServer start() {
		Path jar = Path.of("target", "s3mock", "s3mock.jar").toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: Maven's process-test-resources phase copies it"
					+ " (maven-dependency-plugin, execution s3mock)");
		}
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path root = Files.createTempDirectory(jar.getParent(), "root-");
			Path log = jar.getParent().resolve("s3mock-" + port + ".log");
			Process process = new ProcessBuilder(List.of(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
					"-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=0",
					"--com.adobe.testing.s3mock.http-port=" + port,
					"--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
					"--com.adobe.testing.s3mock.store.root=" + root,
					"--com.adobe.testing.s3mock.max-payload-size=64MB", "--spring.main.banner-mode=off"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			URI endpoint = URI.create("http://127.0.0.1:" + port);
			Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
			while (!answers(endpoint)) {
				if (!process.isAlive()) {
					throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ", see " + log);
				}
				if (Instant.now().isAfter(deadline)) {
					process.destroyForcibly();
					throw new IllegalStateException("S3Mock did not answer on " + endpoint + " within 2 minutes, see "
							+ log);
				}
				Thread.sleep(250);
			}
			return new S3MockServer(process, endpoint);
		}
		catch (IOException ex) {
			throw new IllegalStateException("S3Mock did not start: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while S3Mock started", ex);
		}
	}

	private static boolean answers(URI endpoint) {
		try {
			HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/" + BUCKET).toURL().openConnection();
			connection.setConnectTimeout(1000);
			connection.setReadTimeout(5000);
			try {
				return connection.getResponseCode() == 200;
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			return false;
		}
	}

}
