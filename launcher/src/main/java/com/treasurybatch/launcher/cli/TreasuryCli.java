package com.treasurybatch.launcher.cli;

/** Placeholder: the CLI verbs are being written. */
public final class TreasuryCli {

	private TreasuryCli() {
	}

	public static int run(String[] args) {
		System.err.println("unknown command: " + String.join(" ", args));
		return 2;
	}

}
