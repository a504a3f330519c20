package com.treasurybatch.launcher.cli;

import java.util.function.Supplier;

import picocli.CommandLine;

import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;

/**
 * Creates command objects for picocli: Spring components from the (lazily started) context, anything else with
 * picocli's default factory.
 */
final class SpringCommandFactory implements CommandLine.IFactory {

	private final Supplier<? extends ApplicationContext> context;

	SpringCommandFactory(Supplier<? extends ApplicationContext> context) {
		this.context = context;
	}

	@Override
	public <K> K create(Class<K> type) throws Exception {
		if (AnnotatedElementUtils.hasAnnotation(type, Component.class)) {
			return this.context.get().getBean(type);
		}
		return CommandLine.defaultFactory().create(type);
	}

}
