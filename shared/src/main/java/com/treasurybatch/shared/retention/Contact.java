package com.treasurybatch.shared.retention;

/**
 * Someone who may be emailed: the only place with personal data.
 *
 * @param id opaque {@code ct_...}
 * @param email address
 * @param name display name, or null
 * @param country ISO 3166-1 alpha-2, or null
 */
public record Contact(String id, String email, String name, String country) {
}
