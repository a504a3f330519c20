package com.treasurybatch.shared.inventory;

import java.util.regex.Pattern;

/** The shape of the product side's catalog ids. */
final class CatalogIds {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}");

	private CatalogIds() {
	}

	static void check(String id, String what) {
		if (id == null || !ID.matcher(id).matches()) {
			throw new IllegalArgumentException(what + " must be 1 to 200 letters, digits, '_', '.', ':' or '-', got '"
					+ id + "'");
		}
	}

}
