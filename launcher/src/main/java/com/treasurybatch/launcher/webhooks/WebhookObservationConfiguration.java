package com.treasurybatch.launcher.webhooks;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Webhook deliveries are measured by the receiver's own meters ({@link DeliveryMetrics}); the generic
 * observations of each request ({@code http.server.requests}) and of each security filter
 * ({@code spring.security.*}) are switched off for {@code /webhooks/**}, where they cost more than the
 * verification itself. Every other path keeps them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnClass(ObservationPredicate.class)
class WebhookObservationConfiguration {

	static final String WEBHOOKS_PREFIX = "/webhooks/";

	@Bean
	ObservationPredicate webhookDeliveriesObservedByTheirOwnMeters() {
		return (name, context) -> !isWebhookRequest(name, context);
	}

	static boolean isWebhookRequest(String name, Observation.Context context) {
		if (context instanceof ServerRequestObservationContext server) {
			return isWebhookPath(server.getCarrier());
		}
		if (name.startsWith("spring.security.")) {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			return (attributes instanceof ServletRequestAttributes servlet) && isWebhookPath(servlet.getRequest());
		}
		return false;
	}

	private static boolean isWebhookPath(HttpServletRequest request) {
		return request != null && request.getRequestURI().startsWith(WEBHOOKS_PREFIX);
	}

}
