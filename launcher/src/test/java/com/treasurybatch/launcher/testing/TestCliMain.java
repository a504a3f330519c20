package com.treasurybatch.launcher.testing;

import java.io.PrintWriter;
import java.util.TimeZone;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.launcher.cli.TreasuryCli;

/**
 * A CLI process with the {@link TestJobs}, for tests that need a real second process (one to kill): the
 * application's context as a CLI run starts it (non-web, scheduler off, node kind {@code cli}) plus the test
 * jobs, then one CLI invocation in it. Configure it with {@code -D} system properties (database, home).
 */
public final class TestCliMain {

	private TestCliMain() {
	}

	/**
	 * Runs one CLI invocation and exits with its code.
	 * @param args the verb and its arguments
	 */
	public static void main(String[] args) {
		TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TreasuryBatchApplication.class,
				TestJobs.class)
			.web(WebApplicationType.NONE)
			.properties("spring.quartz.auto-startup=false", "treasury.operations.node-kind=cli",
					"logging.config=classpath:com/treasurybatch/launcher/cli/logback-cli.xml",
					"spring.main.banner-mode=off")
			.run();
		int code = TreasuryCli.execute(context, args, new PrintWriter(System.out, true),
				new PrintWriter(System.err, true));
		context.close();
		System.exit(code);
	}

}
