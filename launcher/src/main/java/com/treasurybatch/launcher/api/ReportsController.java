package com.treasurybatch.launcher.api;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.List;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.reports.LinkRefusedException;
import com.treasurybatch.shared.reports.ReportDownloads;
import com.treasurybatch.shared.reports.ReportLinks;
import com.treasurybatch.shared.reports.Reports;
import com.treasurybatch.shared.reports.SignedLink;
import com.treasurybatch.shared.reports.StoredReport;

/**
 * {@code /api/reports} (FINANCE): the files report-generation made, their download (audited as
 * {@code report.download}), and shareable links to them (signed URLs, audited as {@code report.link.create} and
 * {@code report.link.revoke}). Sizes in bytes, digests SHA-256 hex, times UTC.
 */
@RestController
@RequestMapping("/api/reports")
class ReportsController {

	private final Reports reports;

	private final ReportDownloads downloads;

	private final ReportLinks links;

	ReportsController(Reports reports, ReportDownloads downloads, ReportLinks links) {
		this.reports = reports;
		this.downloads = downloads;
		this.links = links;
	}

	/** Report files, newest first; {@code type} and {@code period} filter, {@code limit} 1 to 1000. */
	@GetMapping
	List<StoredReport> list(@RequestParam(name = "type", required = false) String type,
			@RequestParam(name = "period", required = false) String period,
			@RequestParam(name = "limit", defaultValue = "100") int limit) {
		return this.reports.list(type, period, limit);
	}

	/** The file's bytes, as an attachment; 404 if unknown. */
	@GetMapping("/{id}/download")
	ResponseEntity<InputStreamResource> download(@PathVariable("id") long id, Principal principal) throws IOException {
		return file(this.downloads.open(id, ApiActor.of(principal)));
	}

	/** A signed link valid {@code validityDays} (default 7, 1 to 365); 201 with its URL; 404 if unknown. */
	@PostMapping("/{id}/links")
	ResponseEntity<SignedLink> createLink(@PathVariable("id") long id,
			@RequestBody(required = false) LinkRequest request, Principal principal) {
		SignedLink link = this.links.create(id, (request != null) ? request.validityDays() : null,
				ApiActor.of(principal));
		return ResponseEntity.created(URI.create(link.url())).body(link);
	}

	/** Revokes a link: it stops opening the file at once. 204; 404 if unknown. */
	@DeleteMapping("/{id}/links/{linkId}")
	ResponseEntity<Void> revokeLink(@PathVariable("id") long id, @PathVariable("linkId") String linkId,
			Principal principal) {
		this.links.revoke(linkId, ApiActor.of(principal));
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(LinkRefusedException.class)
	ProblemDetail refused(LinkRefusedException ex) {
		return ProblemDetail.forStatusAndDetail(ex.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
				ex.getMessage());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	/** The response of a download: content type, length, attachment name, the SHA-256 as ETag. */
	static ResponseEntity<InputStreamResource> file(ReportDownloads.Download download) {
		StoredReport report = download.report();
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(report.contentType()))
			.contentLength(report.sizeBytes())
			.eTag("\"" + report.sha256() + "\"")
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(report.name()).build().toString())
			.body(new InputStreamResource(download.content()));
	}

	/**
	 * Body of a link request.
	 *
	 * @param validityDays days the link works, 1 to 365; {@code null} for the configured default
	 */
	record LinkRequest(Integer validityDays) {
	}

}
