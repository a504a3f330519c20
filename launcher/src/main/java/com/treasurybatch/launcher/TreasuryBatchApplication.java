package com.treasurybatch.launcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The one deployable application. {@code java -jar treasury-batch.jar [serve]} runs the server (webhook
 * receiver, admin API, Quartz scheduler); any other first argument is a CLI verb (see README).
 */
@SpringBootApplication(scanBasePackages = "com.treasurybatch")
@ConfigurationPropertiesScan("com.treasurybatch")
public class TreasuryBatchApplication {

	/**
	 * Entry point for server and CLI.
	 * @param args none or {@code serve} for the server, otherwise a CLI verb and its arguments
	 */
	public static void main(String[] args) {
		// Spring Batch stores execution times as local date-times of the JVM's zone: keep that zone UTC on every
		// node, so history reads the same everywhere (business dates use treasury.zone, not this)
		java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
		if (args.length == 0 || "serve".equals(args[0])) {
			SpringApplication.run(TreasuryBatchApplication.class, args);
			return;
		}
		System.exit(com.treasurybatch.launcher.cli.TreasuryCli.run(args));
	}

}
