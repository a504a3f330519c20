/** Cross-cutting configuration of the launcher: home directory, clock, embedded defaults. */
package com.treasurybatch.launcher.system;
