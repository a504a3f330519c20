package com.treasurybatch.launcher.operations;

/**
 * A registered job and its last execution.
 *
 * @param name the kebab-case job name
 * @param restartable whether a FAILED or STOPPED instance can be restarted
 * @param incrementing whether the job has a parameters incrementer (a start without
 * identifying parameters starts its next instance)
 * @param lastExecution the job's most recent execution, or {@code null} if it never ran
 */
public record JobSummary(String name, boolean restartable, boolean incrementing, ExecutionSummary lastExecution) {

}
