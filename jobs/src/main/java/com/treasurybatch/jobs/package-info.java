/** Spring Batch jobs, one package per job; this root holds what every job needs (the job registry). */
package com.treasurybatch.jobs;
