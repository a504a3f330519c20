package com.treasurybatch.launcher.cli;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.system.TreasuryHome;

/**
 * Publishes where this server answers CLI runs ({@link CliEndpoint} under TREASURY_HOME) once it is ready, with
 * a new random token (256 bits) per server start, and removes both files when the context closes.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class CliEndpointPublisher {

	private static final Logger logger = LoggerFactory.getLogger(CliEndpointPublisher.class);

	private final TreasuryHome home;

	private final Environment environment;

	private final String token;

	CliEndpointPublisher(TreasuryHome home, Environment environment) {
		this.home = home;
		this.environment = environment;
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		this.token = HexFormat.of().formatHex(bytes);
	}

	/** The bearer token of this server start. */
	String token() {
		return this.token;
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)
				|| web.getWebServer() == null) {
			return;
		}
		int port = web.getWebServer().getPort();
		String datasource = this.environment.getProperty("spring.datasource.url", "");
		CliEndpoint endpoint = new CliEndpoint(URI.create("http://127.0.0.1:" + port),
				ProcessHandle.current().pid(), TreasuryCli.version(),
				datasource.isBlank() ? CliEndpoint.EMBEDDED : datasource.strip(), this.token);
		try {
			endpoint.write(this.home.path());
			logger.info("CLI runs of {} are answered here ({})", this.home.path(), CliEndpoint.ENDPOINT_FILE);
		}
		catch (IOException ex) {
			logger.warn("Could not record the CLI endpoint under {}: {}; CLI runs start their own context",
					this.home.path(), ex.toString());
		}
	}

	@EventListener
	void closed(ContextClosedEvent event) {
		CliEndpoint.deleteIfOwnedBy(this.home.path(), ProcessHandle.current().pid());
	}

}
