/**
 * The inbox wake-up: a server node LISTENs on {@code webhook_inbox_staged} over a connection of its own
 * ({@link com.treasurybatch.launcher.wakeup.InboxNotificationListener}) and starts {@code inbox-processing}
 * through the operations service when events are staged, one execution at a time, notifications coalesced
 * ({@link com.treasurybatch.launcher.wakeup.InboxWakeUp}). The every-minute schedule stays as the safety net.
 */
package com.treasurybatch.launcher.wakeup;
