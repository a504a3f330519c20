package com.treasurybatch.shared.anomalies;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The default {@link AnomalyReviewer} (explains nothing) unless the application defines one. */
@Configuration(proxyBeanMethods = false)
public class AnomalyReviewerConfiguration {

	/** {@link AnomalyReviewer#NONE}. */
	@Bean
	@ConditionalOnMissingBean(AnomalyReviewer.class)
	public AnomalyReviewer anomalyReviewer() {
		return AnomalyReviewer.NONE;
	}

}
