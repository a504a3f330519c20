/**
 * Ticket inventory: ticket types and the holds that keep tickets for a buyer in checkout; placing and converting
 * holds (releasing expired ones is the {@code hold-release} job's).
 */
package com.treasurybatch.shared.inventory;
