package com.treasurybatch.jobs;

import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every job needs beside its own configuration. Spring Boot 4 defines no {@link JobRegistry}; without one
 * the {@code JobOperator} only knows the jobs it found when it was created, and nobody can look a job up by name
 * (CLI, admin API, scheduler).
 */
@Configuration(proxyBeanMethods = false)
public class JobsConfiguration {

	/**
	 * The registry of every {@code Job} bean, by its Spring Batch name (kebab-case, e.g. {@code inbox-processing}).
	 * Spring Batch 6's {@link MapJobRegistry} registers the context's {@code Job} beans itself once all singletons
	 * exist (it is {@code ApplicationContextAware} and a {@code SmartInitializingSingleton}); two jobs with one
	 * name fail the start-up.
	 * @return the registry
	 */
	@Bean
	public MapJobRegistry jobRegistry() {
		return new MapJobRegistry();
	}

}
