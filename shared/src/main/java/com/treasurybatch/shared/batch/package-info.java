/**
 * Small pieces of Spring Batch glue shared by the launcher and the jobs' tests.
 */
package com.treasurybatch.shared.batch;
