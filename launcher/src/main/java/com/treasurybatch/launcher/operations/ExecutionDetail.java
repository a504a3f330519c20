package com.treasurybatch.launcher.operations;

import java.util.List;

/**
 * Everything about one execution: summary, all parameters, every step with its counters,
 * its owner node.
 *
 * @param summary the execution as listed
 * @param exitMessage the full exit description (stack trace included when it failed), or
 * empty
 * @param parameters every parameter, identifying first
 * @param steps step executions in the order they started
 * @param owner the node that started it, or {@code null} when it was started outside this
 * service
 */
public record ExecutionDetail(ExecutionSummary summary, String exitMessage, List<ParameterView> parameters,
		List<StepSummary> steps, ExecutionOwner owner) {

}
