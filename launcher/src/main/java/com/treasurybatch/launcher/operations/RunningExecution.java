package com.treasurybatch.launcher.operations;

import java.util.List;

/**
 * A running execution with its steps' counters, as the console's overview shows it live.
 *
 * @param summary the execution as listed
 * @param steps its step executions in the order they started (none yet while it is starting)
 */
public record RunningExecution(ExecutionSummary summary, List<StepSummary> steps) {

}
