package com.treasurybatch.jobs.retention;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Mail to the in-process SMTP server instead of the .eml fallback. */
@TestConfiguration(proxyBeanMethods = false)
class RetentionTestConfiguration {

	@Bean
	@Primary
	TestMailSender testMailSender() {
		return new TestMailSender();
	}

}
