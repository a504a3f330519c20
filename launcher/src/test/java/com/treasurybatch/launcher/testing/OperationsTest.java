package com.treasurybatch.launcher.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.shared.testing.PostgresTest;

/**
 * The application with the {@link TestJobs}, on its own embedded PostgreSQL database, the
 * scheduler off, known users ({@code test-users.properties}: ops, finance, auditor,
 * password = name + "-password") and the CLI actor {@code alice}. One shared context for
 * all operating tests: each test uses its own job parameters. The analytics wake-up is off: these tests start
 * {@code analytics-rollups} themselves and read its counts (the wake-up has its own tests).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = { TreasuryBatchApplication.class, TestJobs.class },
		properties = { "spring.quartz.auto-startup=false",
				"spring.quartz.scheduler-name=treasury-batch-operations-tests",
				"treasury.security.users-file=target/test-classes/test-users.properties", "treasury.actor=alice",
				"treasury.operations.heartbeat-interval-seconds=1", "treasury.operations.node-dead-after-seconds=5",
				"treasury.operations.shutdown-wait-seconds=5", "treasury.analytics.wake-up.enabled=false" })
@AutoConfigureMockMvc
@PostgresTest
public @interface OperationsTest {

}
