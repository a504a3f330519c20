package com.treasurybatch.shared.inbox;

/**
 * What well-formed JSON PostgreSQL's {@code jsonb} still refuses: a leading byte order mark, the escape
 * {@code \u0000}, and a {@code \\u} escape of an unpaired UTF-16 surrogate (PostgreSQL documentation, "JSON
 * Types"). Staging such an event would fail on every retry; it is rejected up front instead.
 */
final class JsonbCompatibility {

	private JsonbCompatibility() {
	}

	/**
	 * Scans the payload once; escapes can only occur inside JSON strings, where a run of backslashes of odd
	 * length ends in an escape.
	 * @throws InvalidEventException of kind {@link InvalidEventException.Kind#NOT_JSON} naming the problem
	 */
	static void check(byte[] json, int offset, int length) {
		int end = offset + length;
		if (length >= 3 && json[offset] == (byte) 0xEF && json[offset + 1] == (byte) 0xBB
				&& json[offset + 2] == (byte) 0xBF) {
			throw EventEnvelopeParser.notJson("body starts with a byte order mark, which jsonb cannot store");
		}
		int i = offset;
		while (i < end) {
			if (json[i] != '\\') {
				i++;
				continue;
			}
			int run = 0;
			while (i < end && json[i] == '\\') {
				run++;
				i++;
			}
			if ((run & 1) == 1 && i < end && json[i] == 'u') {
				int code = hex4(json, i + 1, end);
				if (code == 0) {
					throw EventEnvelopeParser.notJson("body contains the escape \\u0000, which jsonb cannot store");
				}
				if (code >= 0xDC00 && code <= 0xDFFF) {
					throw unpairedSurrogate();
				}
				if (code >= 0xD800 && code <= 0xDBFF) {
					int low = (i + 6 < end && json[i + 5] == '\\' && json[i + 6] == 'u') ? hex4(json, i + 7, end) : -1;
					if (low < 0xDC00 || low > 0xDFFF) {
						throw unpairedSurrogate();
					}
					i += 10;
					continue;
				}
				i += 5;
			}
		}
	}

	private static InvalidEventException unpairedSurrogate() {
		return EventEnvelopeParser.notJson("body contains an unpaired \\u surrogate escape, which jsonb cannot store");
	}

	/** The value of four hex digits at {@code from}, or -1 if they are not four hex digits (the parser says why). */
	private static int hex4(byte[] json, int from, int end) {
		if (from + 4 > end) {
			return -1;
		}
		int value = 0;
		for (int k = from; k < from + 4; k++) {
			int digit = Character.digit(json[k], 16);
			if (digit < 0) {
				return -1;
			}
			value = (value << 4) | digit;
		}
		return value;
	}

}
