package com.treasurybatch.shared.partitioning;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Finds a worker step by its Spring Batch step name (the name a partition request carries) among the context's
 * {@link Step} beans, whatever their bean names.
 */
public class StepsByName implements StepLocator {

	private final ListableBeanFactory beans;

	private final Map<String, Step> found = new ConcurrentHashMap<>();

	/** @param beans the context whose steps are looked in */
	public StepsByName(ListableBeanFactory beans) {
		this.beans = beans;
	}

	/**
	 * @throws IllegalStateException when no step, or more than one, has that name
	 */
	@Override
	public Step getStep(String stepName) {
		return this.found.computeIfAbsent(stepName, (name) -> {
			var matching = this.beans.getBeansOfType(Step.class).values().stream()
				.filter((step) -> step.getName().equals(name))
				.toList();
			if (matching.size() != 1) {
				throw new IllegalStateException(matching.size() + " steps are named " + name + "; one is needed");
			}
			return matching.get(0);
		});
	}

}
