package com.treasurybatch.shared.time;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of "now" for every job and endpoint: UTC system time in production, a settable clock in
 * tests (declare a {@link Clock} bean of your own and this one backs off).
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

	/** UTC system clock. */
	@Bean
	@ConditionalOnMissingBean
	public Clock clock() {
		return Clock.systemUTC();
	}

}
