/**
 * The command-line interface of the launcher jar: picocli verbs over the job operations
 * service.
 */
package com.treasurybatch.launcher.cli;
