package com.treasurybatch.launcher.cli;

/**
 * Marks a top-level verb of the CLI. Every class under {@code com.treasurybatch} that
 * implements this interface and carries picocli's {@code @Command} is added to the CLI,
 * no list to edit:
 * <ul>
 * <li>annotated {@code @Component} (with {@code @Scope("prototype")}): it comes from the
 * Spring context, which the CLI starts (non-web, scheduler off) only when such a command
 * runs; use constructor injection;</li>
 * <li>otherwise: picocli creates it with its no-argument constructor and no Spring
 * context is started (for commands that must work without a database, e.g. a webhook
 * signing helper).</li>
 * </ul>
 * Subcommands of a verb are listed in its {@code @Command(subcommands = ...)} and follow
 * the same rule. A command returns one of the {@link ExitCodes}.
 */
public interface CliCommand {

}
