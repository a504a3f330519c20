package com.treasurybatch.shared.reports;

import java.time.Instant;

/**
 * A shareable link to a report file.
 *
 * @param id link id (revoke it by this)
 * @param reportId the file it opens
 * @param expiresAt when it stops working (UTC)
 * @param url the signed URL, {@code <base>/public/reports/links/<id>?expires=<epoch seconds>&signature=<hex>}
 */
public record SignedLink(String id, long reportId, Instant expiresAt, String url) {
}
