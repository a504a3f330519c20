/**
 * Schedules: the YAML files under {@code schedules/} synced into Quartz (clustered JDBC job store), and the
 * bridge by which a Quartz trigger starts a Spring Batch job.
 */
package com.treasurybatch.launcher.scheduling;
