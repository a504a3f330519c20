package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

import com.treasurybatch.launcher.operations.OperationRefusedException;
import com.treasurybatch.launcher.operations.Refusal;

/**
 * The CLI of the launcher jar ({@code java -jar treasury-batch.jar <verb> ...}). Verbs
 * are discovered ({@link CliCommand}); verbs that need the database get a Spring context
 * started for them: non-web, Quartz not started (the CLI never fires schedules), warnings
 * only, on stderr. Output goes to stdout; exit codes are {@link ExitCodes}.
 */
public final class TreasuryCli {

	/** Where verbs are looked for. */
	static final String COMMANDS_PACKAGE = "com.treasurybatch";

	/** Properties every CLI run has, whatever the environment says. */
	static final Map<String, Object> FORCED_PROPERTIES = Map.of("spring.quartz.auto-startup", "false",
			"treasury.operations.node-kind", "cli", "treasury.partitioning.worker-threads", "0");

	/** Properties a CLI run has unless the environment says otherwise. */
	static final Map<String, Object> DEFAULT_PROPERTIES = Map.of("logging.config",
			"classpath:com/treasurybatch/launcher/cli/logback-cli.xml", "spring.main.log-startup-info", "false",
			"spring.main.banner-mode", "off");

	private TreasuryCli() {
	}

	/**
	 * Runs one CLI invocation on stdout and stderr.
	 * @param args the verb and its arguments, e.g.
	 * {@code jobs start nightly-payouts date=2026-11-20}
	 * @return the exit code ({@link ExitCodes})
	 */
	public static int run(String[] args) {
		PrintWriter out = new PrintWriter(System.out, true);
		PrintWriter err = new PrintWriter(System.err, true);
		Map<String, String> environment = System.getenv();
		OptionalInt answered = RemoteCli.run(args, RemoteCli.home(environment), RemoteCli.datasource(environment),
				RemoteCli.actor(environment), out, err);
		if (answered.isPresent()) {
			return answered.getAsInt();
		}
		return run(args, Map.of(), out, err);
	}

	/**
	 * Runs one CLI invocation, starting the Spring context only if the verb needs it.
	 * @param properties extra properties for that context, winning over every other
	 * source (tests point it at their database); also defaults, for the few read before
	 * the context exists ({@code spring.main.*})
	 */
	static int run(String[] args, Map<String, Object> properties, PrintWriter out, PrintWriter err) {
		Map<String, Object> defaults = new LinkedHashMap<>(DEFAULT_PROPERTIES);
		defaults.putAll(properties);
		Map<String, Object> forced = new LinkedHashMap<>(properties);
		forced.putAll(FORCED_PROPERTIES);
		try (CliContext context = new CliContext(defaults, forced)) {
			return commandLine(new SpringCommandFactory(context::get, out), out, err).execute(args);
		}
	}

	/**
	 * Runs one CLI invocation inside an existing Spring context (tests, or a host that
	 * already has one).
	 * @return the exit code ({@link ExitCodes})
	 */
	public static int execute(ApplicationContext context, String[] args, PrintWriter out, PrintWriter err) {
		return commandLine(new SpringCommandFactory(() -> context, out), out, err).execute(args);
	}

	/**
	 * Runs one CLI invocation inside this server's context for a CLI process ({@link CliEndpointController}),
	 * unless the verb is one that runs in the caller's own process: a verb outside the Spring context (it needs
	 * no database, and may read the caller's files). Help, version and usage errors are answered here.
	 * @return the exit code, or {@link #RUN_LOCALLY} before anything was printed
	 */
	static int executeUnlessLocal(ApplicationContext context, String[] args, PrintWriter out, PrintWriter err) {
		CommandLine commandLine = commandLine(new SpringCommandFactory(() -> context, out), out, err);
		CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
		commandLine.setExecutionStrategy((result) -> {
			boolean help = false;
			for (CommandLine.ParseResult part = result; part != null; part = part.subcommand()) {
				help |= part.isUsageHelpRequested() || part.isVersionHelpRequested();
			}
			if (!help && runsInCallersProcess(CliEndpointController.leaf(result))) {
				return RUN_LOCALLY;
			}
			return runLast.execute(result);
		});
		return commandLine.execute(args);
	}

	/**
	 * Whether a verb must run in the CLI's own process, not in a server answering for it: verbs outside the
	 * Spring context (they need no database, and may read the caller's environment), and verbs that read or
	 * write a file the operator names (an option or parameter of type {@code Path} or {@code File}): a relative
	 * path means the caller's directory, and the file belongs to the caller's user.
	 */
	static boolean runsInCallersProcess(Class<?> verb) {
		if (!SpringCommand.class.isAssignableFrom(verb)) {
			return true;
		}
		for (Class<?> type = verb; type != null && type != Object.class; type = type.getSuperclass()) {
			for (java.lang.reflect.Field field : type.getDeclaredFields()) {
				boolean argument = field.isAnnotationPresent(CommandLine.Option.class)
						|| field.isAnnotationPresent(CommandLine.Parameters.class);
				if (argument && (java.nio.file.Path.class.isAssignableFrom(field.getType())
						|| java.io.File.class.isAssignableFrom(field.getType()))) {
					return true;
				}
			}
		}
		return false;
	}

	/** The answer of {@link #executeUnlessLocal} for a verb the caller runs itself. */
	static final int RUN_LOCALLY = -1;

	/** The jar's version ({@code Implementation-Version}), {@code development} outside a packaged jar. */
	static String version() {
		String version = TreasuryCli.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "development";
	}

	/** The command tree: the root, and every discovered verb under it. */
	static CommandLine commandLine(CommandLine.IFactory factory, PrintWriter out, PrintWriter err) {
		CommandLine root = new CommandLine(RootCommand.class, factory);
		for (Class<?> verb : verbs()) {
			root.addSubcommand(new CommandLine(verb, factory));
		}
		root.setOut(out);
		root.setErr(err);
		root.setExecutionExceptionHandler(TreasuryCli::handle);
		root.setExitCodeExceptionMapper(
				(ex) -> (ex instanceof CommandLine.ParameterException) ? ExitCodes.USAGE : ExitCodes.ERROR);
		return root;
	}

	/**
	 * Classes implementing {@link CliCommand} with {@code @Command}, sorted by verb name.
	 */
	static List<Class<?>> verbs() {
		List<Class<?>> verbs = discovered;
		if (verbs == null) {
			verbs = scan();
			discovered = verbs;
		}
		return verbs;
	}

	/** The verbs, scanned once per process (the class path does not change). */
	private static volatile List<Class<?>> discovered;

	private static List<Class<?>> scan() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AssignableTypeFilter(CliCommand.class));
		ClassLoader loader = TreasuryCli.class.getClassLoader();
		return scanner.findCandidateComponents(COMMANDS_PACKAGE)
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, loader))
			.filter((type) -> type.isAnnotationPresent(Command.class))
			.sorted(Comparator.comparing((Class<?> type) -> type.getAnnotation(Command.class).name()))
			.toList();
	}

	private static int handle(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
		PrintWriter err = commandLine.getErr();
		if (ex instanceof OperationRefusedException refused) {
			err.println("refused: " + refused.getMessage());
			return (refused.refusal() == Refusal.INVALID_PARAMETERS) ? ExitCodes.USAGE : ExitCodes.REFUSED;
		}
		if (ex instanceof IllegalArgumentException invalid) {
			err.println("invalid: " + invalid.getMessage());
			commandLine.usage(err);
			return ExitCodes.USAGE;
		}
		err.println("error: " + ex);
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			err.println("  caused by: " + cause);
		}
		return ExitCodes.ERROR;
	}

	/** The jar's version, from its manifest. */
	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = TreasuryCli.class.getPackage().getImplementationVersion();
			return new String[] { "treasury-batch " + ((version != null) ? version : "(development build)") };
		}

	}

	/** The root of the command tree; verbs are added to it when the tree is built. */
	@Command(name = "treasury-batch", mixinStandardHelpOptions = true, versionProvider = Version.class,
			description = "Operates Treasury Batch jobs. Without arguments (or with 'serve') the jar runs the server.",
			subcommands = CommandLine.HelpCommand.class,
			footer = { "", "Exit codes: 0 ok / COMPLETED, 1 FAILED, 2 usage error, 3 STOPPED or ABANDONED, 4 refused, "
					+ "5 unexpected error." })
	static final class RootCommand implements Runnable {

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public void run() {
			throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing command");
		}

	}

}
