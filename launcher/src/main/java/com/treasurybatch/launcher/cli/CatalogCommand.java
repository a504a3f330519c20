package com.treasurybatch.launcher.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.launcher.catalog.CatalogCsvLoader;
import com.treasurybatch.launcher.catalog.CatalogLoadReport;
import com.treasurybatch.shared.inventory.TicketTypes;

/** {@code catalog load FILE|ticket-types}: the ticket catalog from CSV ({@link CatalogCsvLoader}), audited. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
		description = "Load ticketed events and ticket types from CSV; list ticket types.",
		subcommands = { CatalogCommand.Load.class, CatalogCommand.Types.class })
class CatalogCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: load or ticket-types");
	}

	/**
	 * {@code catalog load FILE}: prints the rows loaded and each skipped row with its line and reason; exit 0 when
	 * every row loaded, 4 when some were skipped, 2 when the file or its header is unusable.
	 */
	@Command(name = "load", mixinStandardHelpOptions = true,
			description = "Load a CSV file (header: " + CatalogCsvLoader.HEADER + ").")
	@Component
	@Scope("prototype")
	static class Load extends SpringCommand {

		@Parameters(index = "0", paramLabel = "FILE", description = "CSV, UTF-8, with a header row.")
		Path file;

		private final CatalogCsvLoader loader;

		private final CliActor actor;

		Load(CatalogCsvLoader loader, CliActor actor) {
			this.loader = loader;
			this.actor = actor;
		}

		@Override
		public Integer call() throws IOException {
			CatalogLoadReport report;
			try (Reader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
				report = this.loader.load(reader, this.actor.current());
			}
			out().printf("loaded %d rows, skipped %d%n", report.loaded(), report.skipped().size());
			report.skipped().forEach((row) -> out().printf("  line %d skipped: %s%n", row.line(), row.reason()));
			out().flush();
			return report.skipped().isEmpty() ? ExitCodes.OK : ExitCodes.REFUSED;
		}

	}

	/** {@code catalog ticket-types [--event ID]}. */
	@Command(name = "ticket-types", mixinStandardHelpOptions = true, description = "Ticket types with quantities.")
	@Component
	@Scope("prototype")
	static class Types extends SpringCommand {

		@Option(names = "--event", description = "Only this event's.")
		String eventId;

		private final TicketTypes types;

		Types(TicketTypes types) {
			this.types = types;
		}

		@Override
		public Integer call() {
			out().printf("%-24s %-24s %-24s %10s %-4s %8s %6s %6s %-22s %s%n", "EVENT", "TICKET TYPE", "NAME", "PRICE",
					"CUR", "CAPACITY", "HELD", "SOLD", "SALE STARTS", "SALE ENDS");
			this.types.list(this.eventId)
				.forEach((type) -> out().printf("%-24s %-24s %-24s %10d %-4s %8d %6d %6d %-22s %s%n", type.eventId(),
						type.id(), type.name(), type.priceCents(), type.currency(), type.capacity(), type.held(),
						type.sold(), type.saleStartsAt(), type.saleEndsAt()));
			out().flush();
			return ExitCodes.OK;
		}

	}

}
