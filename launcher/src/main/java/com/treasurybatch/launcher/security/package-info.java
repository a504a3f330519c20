/**
 * Who may call the API and the actuator: HTTP Basic users with roles from a bcrypt users
 * file, problem details on refusal.
 */
package com.treasurybatch.launcher.security;
