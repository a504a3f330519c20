package com.treasurybatch.launcher.operations;

/** Why a job operation was refused; callers map it to an exit code or an HTTP status. */
public enum Refusal {

	/** No job of that name is registered. */
	NO_SUCH_JOB,

	/** No execution with that id exists. */
	NO_SUCH_EXECUTION,

	/** No staged webhook event has that id. */
	NO_SUCH_EVENT,

	/** The job parameters are malformed, reserved or too many. */
	INVALID_PARAMETERS,

	/** The job already has a running execution (two runs of one job never overlap). */
	ALREADY_RUNNING,

	/** The job instance already COMPLETED (or was ABANDONED): it does not run again. */
	ALREADY_COMPLETE,

	/** The job cannot be restarted (not restartable, or its last run ended UNKNOWN). */
	NOT_RESTARTABLE,

	/** The execution is not running, so it cannot be stopped or recovered. */
	NOT_RUNNING,

	/** The execution is still running, so it cannot be abandoned yet. */
	STILL_RUNNING,

	/** The execution's node is alive: it is not recovered behind that node's back. */
	OWNER_ALIVE,

	/** This process is shutting down and starts nothing new. */
	SHUTTING_DOWN

}
