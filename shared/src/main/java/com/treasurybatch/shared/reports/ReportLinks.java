package com.treasurybatch.shared.reports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;
import com.treasurybatch.shared.secrets.SecretFile;

/**
 * Shareable links to report files: signed URLs that open a file without login until they expire or are revoked.
 * The signature is HMAC-SHA256 (RFC 2104) over {@code <link id>.<expiry epoch seconds>} with the link secret; the
 * link's row in {@code report_links} says which file it opens and whether it was revoked. Creation and revocation
 * are audited ({@code report.link.create}, {@code report.link.revoke}).
 */
@Component
public class ReportLinks {

	/** The path of the public download endpoint, before the link id. */
	public static final String PUBLIC_PATH = "/public/reports/links/";

	private static final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	private final Reports reports;

	private final AuditLog audit;

	private final Clock clock;

	private final ReportsProperties properties;

	private final byte[] secret;

	ReportLinks(JdbcClient jdbc, Reports reports, AuditLog audit, Clock clock, ReportsProperties properties,
			ReportStorage storage) {
		this.jdbc = jdbc;
		this.reports = reports;
		this.audit = audit;
		this.clock = clock;
		this.properties = properties;
		this.secret = secret(properties, storage.root());
	}

	/**
	 * Makes a link valid for the configured days ({@code treasury.reports.link-validity-days}, default 7) or the
	 * days asked for.
	 * @param reportId the file
	 * @param validityDays 1 to 365, or {@code null} for the configured default
	 * @param actor who asks (audited)
	 * @throws LinkRefusedException if the report does not exist (not found) or the validity is out of range
	 */
	@Transactional
	public SignedLink create(long reportId, Integer validityDays, Actor actor) {
		int days = (validityDays != null) ? validityDays : this.properties.linkValidityDays();
		if (days < 1 || days > 365) {
			throw new LinkRefusedException("A link is valid 1 to 365 days, not " + days, false);
		}
		if (this.reports.find(reportId).isEmpty()) {
			throw new LinkRefusedException("No report " + reportId, true);
		}
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant expiresAt = this.clock.instant().plus(Duration.ofDays(days)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		SignedLink link = insert(id, reportId, expiresAt, actor.name());
		this.audit.record(new AuditEvent(actor, "report.link.create", "report:" + reportId,
				Map.of("link", id, "validityDays", days), AuditOutcome.OK, "expires " + expiresAt));
		return link;
	}

	/**
	 * The link printed into a report file: its id derived from the file's key, its expiry fixed, so that the file is
	 * the same whenever it is made. Made once; a second call returns the same link. Audited as made by the system.
	 * @param reportId the file
	 * @param fileKey stable key of the file (type, period, format, name)
	 * @param expiresAt fixed expiry
	 */
	public SignedLink fixed(long reportId, String fileKey, Instant expiresAt) {
		String id = "r" + HexFormat.of().formatHex(hmac(("file:" + fileKey).getBytes(StandardCharsets.UTF_8)), 0, 16);
		int inserted = this.jdbc.sql("""
				INSERT INTO report_links (id, report_id, expires_at, created_at, created_by) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (id) DO NOTHING""")
			.params(id, reportId, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC),
					OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC), Actor.SYSTEM.name())
			.update();
		if (inserted == 1) {
			this.audit.record(new AuditEvent(Actor.SYSTEM, "report.link.create", "report:" + reportId,
					Map.of("link", id), AuditOutcome.OK, "printed in report file " + fileKey + ", expires " + expiresAt));
		}
		return new SignedLink(id, reportId, expiresAt, url(id, expiresAt));
	}

	/**
	 * Revokes a link: it stops working at once. Revoking a revoked link changes nothing.
	 * @throws LinkRefusedException (not found) if the link does not exist
	 */
	@Transactional
	public void revoke(String linkId, Actor actor) {
		int updated = this.jdbc.sql("""
				UPDATE report_links SET revoked_at = coalesce(revoked_at, ?), revoked_by = coalesce(revoked_by, ?)
				WHERE id = ?""")
			.params(OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC), actor.name(), linkId)
			.update();
		if (updated == 0) {
			this.audit.record(new AuditEvent(actor, "report.link.revoke", "link:" + linkId, Map.of(),
					AuditOutcome.REFUSED, "no such link"));
			throw new LinkRefusedException("No link " + linkId, true);
		}
		this.audit.record(new AuditEvent(actor, "report.link.revoke", "link:" + linkId, Map.of(), AuditOutcome.OK,
				"revoked"));
	}

	/**
	 * The file a signed link opens, checked: signature (constant time), expiry, revocation.
	 * @param linkId from the URL
	 * @param expiresEpochSeconds from the URL
	 * @param signature from the URL, hex
	 * @return the file
	 * @throws LinkRefusedException saying why it does not open
	 */
	public StoredReport resolve(String linkId, long expiresEpochSeconds, String signature) {
		byte[] given;
		try {
			given = HexFormat.of().parseHex(signature);
		}
		catch (IllegalArgumentException ex) {
			throw new LinkRefusedException("Link signature is not valid", false);
		}
		if (!MessageDigest.isEqual(given, sign(linkId, expiresEpochSeconds))) {
			throw new LinkRefusedException("Link signature is not valid", false);
		}
		if (!this.clock.instant().isBefore(Instant.ofEpochSecond(expiresEpochSeconds))) {
			throw new LinkRefusedException("Link expired at " + Instant.ofEpochSecond(expiresEpochSeconds), false);
		}
		record Row(long reportId, OffsetDateTime expiresAt, OffsetDateTime revokedAt) {
		}
		Row row = this.jdbc.sql("SELECT report_id, expires_at, revoked_at FROM report_links WHERE id = ?")
			.param(linkId)
			.query(Row.class)
			.optional()
			.orElseThrow(() -> new LinkRefusedException("No link " + linkId, true));
		if (row.revokedAt() != null) {
			throw new LinkRefusedException("Link was revoked at " + row.revokedAt().toInstant(), false);
		}
		if (row.expiresAt().toEpochSecond() != expiresEpochSeconds) {
			throw new LinkRefusedException("Link signature is not valid", false);
		}
		return this.reports.find(row.reportId())
			.orElseThrow(() -> new LinkRefusedException("No report " + row.reportId(), true));
	}

	private SignedLink insert(String id, long reportId, Instant expiresAt, String createdBy) {
		this.jdbc.sql("""
				INSERT INTO report_links (id, report_id, expires_at, created_at, created_by) VALUES (?, ?, ?, ?, ?)""")
			.params(id, reportId, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC),
					OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC), createdBy)
			.update();
		return new SignedLink(id, reportId, expiresAt, url(id, expiresAt));
	}

	private String url(String id, Instant expiresAt) {
		long expires = expiresAt.getEpochSecond();
		return this.properties.linkBaseUrl() + PUBLIC_PATH + id + "?expires=" + expires + "&signature="
				+ HexFormat.of().formatHex(sign(id, expires));
	}

	private byte[] sign(String linkId, long expiresEpochSeconds) {
		return hmac((linkId + "." + expiresEpochSeconds).getBytes(StandardCharsets.UTF_8));
	}

	private byte[] hmac(byte[] message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			return mac.doFinal(message);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** The configured secret, or one generated once into {@code <storage>/.link-secret} (owner-only file). */
	private static byte[] secret(ReportsProperties properties, Path storage) {
		if (properties.linkSecret() != null && !properties.linkSecret().isBlank()) {
			return properties.linkSecret().getBytes(StandardCharsets.UTF_8);
		}
		return SecretFile.readOrCreate(storage.resolve(".link-secret"), () -> SecretFile.randomHex(32))
			.getBytes(StandardCharsets.UTF_8);
	}

}
