package com.treasurybatch.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.reports.LinkRefusedException;
import com.treasurybatch.shared.reports.ReportDownloads;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.StoredReport;
import com.treasurybatch.launcher.operations.JobOperations;

/** {@code reports list|generate|download}: report files for finance; downloads are audited. */
@Command(name = "reports", mixinStandardHelpOptions = true,
		description = "List, generate and download reports (ledger exports, statements, tax forms, invoices).",
		subcommands = { ReportsCommand.Listing.class, ReportsCommand.Generate.class, ReportsCommand.Download.class })
class ReportsCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(),
				"Missing subcommand: list, generate or download");
	}

	/** {@code reports list [--type T] [--period P] [--limit N]}: newest first. */
	@Command(name = "list", mixinStandardHelpOptions = true, description = "Report files, newest first.")
	@Component
	@Scope("prototype")
	static class Listing extends SpringCommand {

		@Option(names = "--type", description = "ledger-export, payouts, payee-statement, 1099-k, 1099-nec, vat-invoices or event-report")
		String type;

		@Option(names = "--period", description = "yyyy-MM or yyyy")
		String period;

		@Option(names = "--limit", defaultValue = "100", description = "most rows, 1 to 1000 (default ${DEFAULT-VALUE})")
		int limit;

		private final Reports reports;

		Listing(Reports reports) {
			this.reports = reports;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-8s %-16s %-8s %-6s %10s %-64s %s%n", "ID", "TYPE", "PERIOD", "FORMAT", "BYTES", "SHA256",
					"NAME");
			for (StoredReport report : this.reports.list(this.type, this.period, this.limit)) {
				out.printf("%-8d %-16s %-8s %-6s %10d %-64s %s%n", report.id(), report.type(), report.period(),
						report.format(), report.sizeBytes(), report.sha256(), report.name());
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code reports generate TYPE PERIOD [--format F]}: runs report-generation here and follows it. */
	@Command(name = "generate", mixinStandardHelpOptions = true,
			description = { "Run report-generation for a type and period in this process and follow it.",
					"A COMPLETED report is not made again; a FAILED one resumes, skipping the files it wrote." })
	@Component
	@Scope("prototype")
	static class Generate extends SpringCommand {

		@Parameters(index = "0", paramLabel = "TYPE", description = "e.g. ledger-export, payee-statement, 1099-k")
		String type;

		@Parameters(index = "1", paramLabel = "PERIOD", description = "yyyy-MM (a month) or yyyy (a tax year)")
		String period;

		@Option(names = "--format", description = "csv, jsonl or pdf (default: the type's first)")
		String format;

		private final JobOperations operations;

		private final RunFollower follower;

		private final CliActor actor;

		Generate(JobOperations operations, RunFollower follower, CliActor actor) {
			this.operations = operations;
			this.follower = follower;
			this.actor = actor;
		}

		@Override
		public Integer call() throws InterruptedException {
			ReportRequest request = ReportRequest.of(this.type, this.period, this.format);
			Map<String, String> parameters = new LinkedHashMap<>();
			parameters.put("type:string", request.type().code());
			parameters.put("period:string", request.period());
			parameters.put("format:string", request.format());
			return this.follower.follow(this.operations.start("report-generation", parameters, this.actor.current()),
					out());
		}

	}

	/** {@code reports download ID [--to FILE]}: writes the file (audited). */
	@Command(name = "download", mixinStandardHelpOptions = true,
			description = "Write a report file to a path (default: its name in the current directory); audited.")
	@Component
	@Scope("prototype")
	static class Download extends SpringCommand {

		@Parameters(index = "0", paramLabel = "REPORT_ID", description = "report id, from reports list")
		long id;

		@Option(names = "--to", paramLabel = "FILE", description = "where to write it")
		Path to;

		private final ReportDownloads downloads;

		private final CliActor actor;

		Download(ReportDownloads downloads, CliActor actor) {
			this.downloads = downloads;
			this.actor = actor;
		}

		@Override
		public Integer call() throws IOException {
			ReportDownloads.Download download;
			try {
				download = this.downloads.open(this.id, this.actor.current());
			}
			catch (LinkRefusedException ex) {
				out().println("refused: " + ex.getMessage());
				out().flush();
				return ExitCodes.REFUSED;
			}
			Path target = (this.to != null) ? this.to : Path.of(download.report().name());
			Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), ".download-", ".tmp");
			try (InputStream in = download.content(); OutputStream file = Files.newOutputStream(temporary)) {
				in.transferTo(file);
			}
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			out().printf("report %d %s: %d bytes, sha256 %s written to %s%n", download.report().id(),
					download.report().name(), download.report().sizeBytes(), download.report().sha256(), target);
			out().flush();
			return ExitCodes.OK;
		}

	}

}
