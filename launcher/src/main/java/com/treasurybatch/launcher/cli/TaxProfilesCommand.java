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
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.reports.TaxProfile;
import com.treasurybatch.shared.reports.TaxProfiles;

/** {@code tax-profiles load FILE}: payees' tax and invoicing data for 1099s and VAT invoices (audited). */
@Command(name = "tax-profiles", mixinStandardHelpOptions = true,
		description = "Load payees' tax and invoicing data (legal name, address, country, TIN, VAT id).",
		subcommands = { TaxProfilesCommand.Load.class })
class TaxProfilesCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: load");
	}

	/** {@code tax-profiles load FILE}: all rows or none; each profile written is audited. */
	@Command(name = "load", mixinStandardHelpOptions = true,
			description = { "Insert or replace profiles from a CSV file (UTF-8, header row):",
					"account_id,legal_name,address_line1,address_line2,city,postal_code,country,tin,vat_id,business",
					"A bad row loads nothing and is named." })
	@Component
	@Scope("prototype")
	static class Load extends SpringCommand {

		@Parameters(index = "0", paramLabel = "FILE", description = "CSV file")
		Path file;

		private final TaxProfiles profiles;

		private final CliActor actor;

		Load(TaxProfiles profiles, CliActor actor) {
			this.profiles = profiles;
			this.actor = actor;
		}

		@Override
		public Integer call() throws IOException {
			try (Reader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
				var loaded = this.profiles.load(reader, this.actor.current());
				for (TaxProfile profile : loaded) {
					out().printf("%s %s%s%n", profile.accountId(), profile.country(),
							profile.business() ? " business" : " consumer");
				}
				out().printf("%d tax profiles loaded from %s%n", loaded.size(), this.file);
				out().flush();
				return ExitCodes.OK;
			}
		}

	}

}
