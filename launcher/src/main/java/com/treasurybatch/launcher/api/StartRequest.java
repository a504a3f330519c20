package com.treasurybatch.launcher.api;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/jobs/{job}/executions}.
 *
 * @param parameters identifying job parameters as text, e.g. {@code {"date":
 * "2026-11-20"}} (at most 20; same typing rules as the CLI: ISO dates, whole numbers,
 * else text; {@code name:type} hints); empty or absent starts the job's next instance
 * when it has an incrementer
 */
record StartRequest(
		@Size(max = 20) Map<@NotBlank @Size(max = 110) String, @NotNull @Size(max = 2500) String> parameters) {

	/** The parameters, never {@code null}. */
	Map<String, String> parametersOrEmpty() {
		return (this.parameters != null) ? this.parameters : Map.of();
	}

}
