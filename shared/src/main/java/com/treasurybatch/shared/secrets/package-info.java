/**
 * Secrets the embedded defaults generate once and keep in owner-only files.
 */
package com.treasurybatch.shared.secrets;
