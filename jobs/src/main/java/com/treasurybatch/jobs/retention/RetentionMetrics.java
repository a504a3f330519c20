package com.treasurybatch.jobs.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.treasurybatch.shared.retention.TaskKind;

/**
 * Micrometer counter {@value #EMAILS_METER}, tagged {@code kind} (task kind) and {@code outcome} (sent, retry,
 * failed). The daily abandonment and recovery rates are in the {@code retention_daily} view.
 */
class RetentionMetrics {

	static final String EMAILS_METER = "treasury.retention.emails";

	private final MeterRegistry registry;

	RetentionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void emailSent(TaskKind kind) {
		counter(kind, "sent").increment();
	}

	void emailRetried(TaskKind kind) {
		counter(kind, "retry").increment();
	}

	void emailFailed(TaskKind kind) {
		counter(kind, "failed").increment();
	}

	private Counter counter(TaskKind kind, String outcome) {
		return Counter.builder(EMAILS_METER)
			.description("Retention emails by outcome")
			.tag("kind", kind.code())
			.tag("outcome", outcome)
			.register(this.registry);
	}

}
