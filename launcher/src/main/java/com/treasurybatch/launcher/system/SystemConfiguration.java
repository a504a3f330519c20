package com.treasurybatch.launcher.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Cross-cutting beans of the launcher: the home directory. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	TreasuryHome treasuryHome(Environment environment) {
		return TreasuryHome.from(environment);
	}

}
