package com.treasurybatch.shared.ledger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Spring context of shared's database tests (ledger, sales, alerts, accounts): auto-configuration and shared's
 * own components. Marked {@code @TestComponent}, so that test contexts scanning {@code com.treasurybatch} with the
 * shared test jar on their class path (jobs, launcher) leave it out.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@TestComponent
@EnableAutoConfiguration
@ComponentScan(basePackages = "com.treasurybatch.shared",
		excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@ConfigurationPropertiesScan("com.treasurybatch.shared")
public class LedgerTestConfiguration {

}
