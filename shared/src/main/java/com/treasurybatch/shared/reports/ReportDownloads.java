package com.treasurybatch.shared.reports;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * Opens report files for download, each download audited ({@code report.download}, target {@code report:<id>}):
 * by id for an authenticated user, or through a signed link for anyone holding it (the actor is then
 * {@code link:<id>}). Refused downloads are audited too.
 */
@Component
public class ReportDownloads {

	private final Reports reports;

	private final ReportStorage storage;

	private final ReportLinks links;

	private final AuditLog audit;

	ReportDownloads(Reports reports, ReportStorage storage, ReportLinks links, AuditLog audit) {
		this.reports = reports;
		this.storage = storage;
		this.links = links;
		this.audit = audit;
	}

	/**
	 * Opens a report file by id.
	 * @param id report id
	 * @param actor who downloads
	 * @return the file and its content (close it)
	 * @throws LinkRefusedException (not found) if there is no such report
	 * @throws IOException if the file is missing from storage
	 */
	public Download open(long id, Actor actor) throws IOException {
		StoredReport report = this.reports.find(id).orElse(null);
		if (report == null) {
			this.audit.record(new AuditEvent(actor, "report.download", "report:" + id, Map.of(), AuditOutcome.REFUSED,
					"no such report"));
			throw new LinkRefusedException("No report " + id, true);
		}
		return open(report, actor, Map.of());
	}

	/**
	 * Opens the file a signed link points at, after checking it ({@link ReportLinks#resolve}).
	 * @param channelActor the channel it came through; its name is replaced by {@code link:<id>}
	 * @throws LinkRefusedException saying why the link does not open
	 * @throws IOException if the file is missing from storage
	 */
	public Download openLink(String linkId, long expires, String signature, Actor channelActor) throws IOException {
		Actor actor = new Actor("link:" + ((linkId.length() > 60) ? linkId.substring(0, 60) : linkId),
				channelActor.channel());
		StoredReport report;
		try {
			report = this.links.resolve(linkId, expires, signature);
		}
		catch (LinkRefusedException ex) {
			this.audit.record(new AuditEvent(actor, "report.download", "link:" + linkId, Map.of(),
					AuditOutcome.REFUSED, ex.getMessage()));
			throw ex;
		}
		return open(report, actor, Map.of("link", linkId));
	}

	private Download open(StoredReport report, Actor actor, Map<String, ?> parameters) throws IOException {
		InputStream content = this.storage.open(report.path());
		this.audit.record(new AuditEvent(actor, "report.download", "report:" + report.id(), parameters,
				AuditOutcome.OK, report.name() + " (" + report.sizeBytes() + " bytes, sha256 " + report.sha256() + ")"));
		return new Download(report, content);
	}

	/**
	 * An opened file.
	 *
	 * @param report what it is
	 * @param content its bytes; the caller closes it
	 */
	public record Download(StoredReport report, InputStream content) {
	}

}
