/** Time: the injected UTC clock. */
package com.treasurybatch.shared.time;
