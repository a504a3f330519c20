package com.treasurybatch.launcher.api;

import java.io.IOException;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.reports.LinkRefusedException;
import com.treasurybatch.shared.reports.ReportDownloads;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;

/**
 * {@code GET /public/reports/links/{linkId}?expires=&signature=}: the one anonymous download, for holders of a
 * signed link (made by {@code POST /api/reports/{id}/links} or printed as a QR code in an event report). Works
 * until the link expires or is revoked; 403 for a bad signature, an expired or revoked link, 404 for an unknown
 * one. Every attempt is audited.
 */
@RestController
class ReportLinkController {

	private final ReportDownloads downloads;

	ReportLinkController(ReportDownloads downloads) {
		this.downloads = downloads;
	}

	@GetMapping("/public/reports/links/{linkId}")
	ResponseEntity<InputStreamResource> download(@PathVariable("linkId") String linkId,
			@RequestParam("expires") long expires, @RequestParam("signature") String signature) throws IOException {
		return ReportsController.file(this.downloads.openLink(linkId, expires, signature,
				new Actor("link", AuditChannel.API)));
	}

	@ExceptionHandler(LinkRefusedException.class)
	ProblemDetail refused(LinkRefusedException ex) {
		return ProblemDetail.forStatusAndDetail(ex.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.FORBIDDEN,
				ex.getMessage());
	}

}
