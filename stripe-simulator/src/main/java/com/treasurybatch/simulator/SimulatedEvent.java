package com.treasurybatch.simulator;

/**
 * An event as the simulator recorded it.
 *
 * @param id {@code evt_...}
 * @param type e.g. {@code charge.refunded}
 * @param json the event as Stripe renders it
 * @param delivered whether a receiver acknowledged it (or a test said so)
 */
public record SimulatedEvent(String id, String type, String json, boolean delivered) {
}
