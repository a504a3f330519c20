package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

import picocli.CommandLine;

import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;

/**
 * Creates command objects for picocli: Spring components from the (lazily started)
 * context, anything else with picocli's default factory.
 */
final class SpringCommandFactory implements CommandLine.IFactory {

	private final Supplier<? extends ApplicationContext> context;

	private final PrintWriter out;

	/**
	 * @param context the Spring context, started on first call
	 * @param out the CLI's standard output, handed to every {@link SpringCommand}
	 */
	SpringCommandFactory(Supplier<? extends ApplicationContext> context, PrintWriter out) {
		this.context = context;
		this.out = out;
	}

	@Override
	public <K> K create(Class<K> type) throws Exception {
		if (AnnotatedElementUtils.hasAnnotation(type, Component.class)) {
			K bean = this.context.get().getBean(type);
			if (bean instanceof SpringCommand command) {
				command.printTo(this.out);
			}
			return bean;
		}
		return CommandLine.defaultFactory().create(type);
	}

}
