package com.treasurybatch.launcher.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Cross-cutting beans of the launcher: the home directory and the clock. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	TreasuryHome treasuryHome(Environment environment) {
		return TreasuryHome.from(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
