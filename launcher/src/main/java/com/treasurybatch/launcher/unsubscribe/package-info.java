/** The public one-click unsubscribe endpoint of retention emails (RFC 8058). */
package com.treasurybatch.launcher.unsubscribe;
