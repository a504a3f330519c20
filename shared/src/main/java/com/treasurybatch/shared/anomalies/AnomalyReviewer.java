package com.treasurybatch.shared.anomalies;

import java.util.Optional;

/**
 * Explains an anomaly for the people who work it (for instance a model that reads the figures). Pluggable: one bean
 * of this type replaces {@link #NONE}, the default when the application defines none, which explains nothing.
 * Called by the {@code ledger-anomalies} job after the anomaly is flagged; a reviewer that fails leaves the anomaly
 * without an explanation.
 */
public interface AnomalyReviewer {

	/** The default reviewer: no explanation, no network. */
	AnomalyReviewer NONE = (anomaly) -> Optional.empty();

	/**
	 * An explanation of one anomaly.
	 * @param anomaly as stored
	 * @return the explanation, or empty
	 */
	Optional<String> explain(Anomaly anomaly);

}
