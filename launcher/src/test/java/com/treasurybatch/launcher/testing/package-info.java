/**
 * Test support for operating jobs: two small jobs, their switches, and one shared
 * application context.
 */
package com.treasurybatch.launcher.testing;
