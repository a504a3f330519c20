/** Health contributors beyond Boot's own: inbox backlog, scheduler. */
package com.treasurybatch.launcher.health;
