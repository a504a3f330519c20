package com.treasurybatch.shared.privacy;

import java.util.Objects;

/**
 * One erasure request as a {@link PersonalDataHolder} sees it.
 *
 * @param requestId the {@code erasure_requests} id, the key of the holder's answer
 * @param subject who is erased
 */
public record ErasureSubject(long requestId, DataSubject subject) {

	/** Checks the subject is given. */
	public ErasureSubject {
		Objects.requireNonNull(subject, "subject");
	}

}
