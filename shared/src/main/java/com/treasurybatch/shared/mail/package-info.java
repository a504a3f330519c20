/**
 * Outgoing email: the {@code JavaMailSender} every job uses (Boot's SMTP sender when {@code spring.mail.host} is
 * set, else {@link com.treasurybatch.shared.mail.EmlFileMailSender} writing {@code .eml} files), signed
 * one-click unsubscribe tokens (RFC 8058) and the reading of SMTP replies.
 */
package com.treasurybatch.shared.mail;
