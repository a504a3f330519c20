/**
 * Personal data and the GDPR: erasure requests (Art. 17), the erasure log that proves them without holding personal
 * data, restrictions on rows kept under a legal duty (Art. 17(3)(b), Art. 18), retention policies, and the
 * {@link com.treasurybatch.shared.privacy.PersonalDataHolder} SPI: one bean per place that holds personal data.
 */
package com.treasurybatch.shared.privacy;
