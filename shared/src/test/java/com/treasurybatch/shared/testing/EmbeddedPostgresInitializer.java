package com.treasurybatch.shared.testing;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at a fresh database on the shared embedded PostgreSQL, and holds a lease on that
 * server until the context's beans are destroyed (see {@link TestPostgres}). The application's pool connects as the
 * application role and Flyway as the owner, as in production ({@link TestPostgres#properties(String)}); a test that
 * needs owner rights takes {@link TestPostgres#ownerJdbc(javax.sql.DataSource)}. Use with
 * {@code @ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)} or {@link PostgresTest}.
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (!(context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry)) {
			throw new IllegalStateException("Unexpected bean factory " + context.getBeanFactory().getClass());
		}
		TestPostgres.lease();
		// the first disposable registered is destroyed last: after the pool and everything that uses it
		registry.registerDisposableBean("embeddedPostgresLease", new Lease());
		String url = TestPostgres.newDatabase("tb");
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("embeddedPostgres", TestPostgres.properties(url)));
	}

	/** Gives the context's lease back when the context is closed. */
	static final class Lease implements DisposableBean {

		private boolean released;

		@Override
		public synchronized void destroy() {
			if (!this.released) {
				this.released = true;
				TestPostgres.release();
			}
		}

	}

}
