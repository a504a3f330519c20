package com.treasurybatch.launcher.cli;

import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import com.treasurybatch.launcher.TreasuryBatchApplication;

/**
 * The Spring context of one CLI run, started on first use (so that help and usage errors
 * never touch the database) and closed with the run.
 */
final class CliContext implements AutoCloseable {

	private final Map<String, Object> defaults;

	private final Map<String, Object> forced;

	private ConfigurableApplicationContext context;

	/**
	 * @param defaults properties the environment may override
	 * @param forced properties that win over the environment
	 */
	CliContext(Map<String, Object> defaults, Map<String, Object> forced) {
		this.defaults = defaults;
		this.forced = forced;
	}

	/** The running context, started now if needed. */
	synchronized ConfigurableApplicationContext get() {
		if (this.context == null) {
			this.context = new SpringApplicationBuilder(TreasuryBatchApplication.class).web(WebApplicationType.NONE)
				.properties(this.defaults)
				.initializers((context) -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new MapPropertySource("treasuryCli", this.forced)))
				.run();
		}
		return this.context;
	}

	@Override
	public synchronized void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

}
