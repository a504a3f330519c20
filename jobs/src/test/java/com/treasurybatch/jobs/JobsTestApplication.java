package com.treasurybatch.jobs;

import java.time.Instant;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The jobs module's test application: shared's and jobs' components on Boot's auto-configuration (JDBC job
 * repository, Flyway), with a clock that tests set and advance instead of sleeping.
 */
@SpringBootApplication(scanBasePackages = { "com.treasurybatch.shared", "com.treasurybatch.jobs" })
@ConfigurationPropertiesScan({ "com.treasurybatch.shared", "com.treasurybatch.jobs" })
public class JobsTestApplication {

	/** When every test's clock starts, unless the test sets it. */
	public static final Instant TEST_EPOCH = Instant.parse("2026-11-20T12:00:00Z");

	@Bean
	@Primary
	MutableClock mutableClock() {
		return new MutableClock(TEST_EPOCH);
	}

}
