/**
 * The operations console under {@code /console}: server-rendered pages (Thymeleaf, htmx for live refresh),
 * behind form login (see {@code security.ConsoleSecurityConfiguration}). Every action goes through the same
 * services as the CLI and the API and is audited with channel {@code console}.
 */
package com.treasurybatch.launcher.console;
