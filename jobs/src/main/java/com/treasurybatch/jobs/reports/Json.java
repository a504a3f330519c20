package com.treasurybatch.jobs.reports;

/**
 * Writes JSON string members for the JSON Lines files (RFC 8259 escaping), without building objects per row.
 */
final class Json {

	private Json() {
	}

	/** Appends {@code ,"name":"value"} (or {@code null}). */
	static void field(StringBuilder line, String name, String value) {
		line.append(",\"").append(name).append("\":");
		if (value == null) {
			line.append("null");
			return;
		}
		line.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> line.append("\\\"");
				case '\\' -> line.append("\\\\");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				case '\t' -> line.append("\\t");
				default -> {
					if (c < 0x20) {
						line.append(String.format("\\u%04x", (int) c));
					}
					else {
						line.append(c);
					}
				}
			}
		}
		line.append('"');
	}

	/** Appends {@code ,"name":value} for a number. */
	static void field(StringBuilder line, String name, long value) {
		line.append(",\"").append(name).append("\":").append(value);
	}

}
