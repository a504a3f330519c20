package com.treasurybatch.shared.storage;

/**
 * Files a node kept under its own {@code TREASURY_HOME} before they moved to the {@link ContentStore}: a bean that
 * owns such files moves the ones its rows name into the database at start-up ({@link NodeLocalFilesImport}).
 */
public interface NodeLocalFiles {

	/** What the files are, for the log, e.g. {@code report files}. */
	String description();

	/**
	 * Moves the files this node holds whose rows name a content not stored yet, checking each one's recorded
	 * SHA-256; a file already moved is skipped, so it may run on every start of every node.
	 * @return files moved
	 */
	int importLocalFiles();

}
